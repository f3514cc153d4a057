import { useEffect, useState } from 'react';
import { host } from './bridge/host';

/** Placeholder shell; replaced by the real layout. */
export function App() {
  const [version, setVersion] = useState('');
  useEffect(() => {
    void host().app.info({}).then((i) => setVersion(`${i.version} (${i.mode})`));
  }, []);
  return <main>PIPE Desktop {version}</main>;
}
