import { runAdmin } from './admin.ts';

// Entry point of `npm run admin`.
try {
  await runAdmin(process.argv.slice(2), (s) => console.log(s));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
