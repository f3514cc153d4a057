// REST paths of the GitHubEvent objects.
import { EVENT_GROUP, EVENT_PLURAL, EVENT_VERSION } from './event-crd';

/** `/apis/pipe.linecorp.com/v1alpha1`. */
export const EVENT_API_VERSION_PATH = `/apis/${EVENT_GROUP}/${EVENT_VERSION}`;

/** Collection path of the event objects in a namespace. */
export function eventCollectionPath(namespace: string): string {
  return `${EVENT_API_VERSION_PATH}/namespaces/${encodeURIComponent(namespace)}/${EVENT_PLURAL}`;
}
