import { loadConfig } from '../config';
import { seedDemo } from '../store/seed';

seedDemo(loadConfig())
  .then(({ created }) => console.log(created ? 'Demo data created.' : 'Demo data already present; nothing changed.'))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
