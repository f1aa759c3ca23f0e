// Serves fauxqs (an in-memory SQS/S3 emulator, fast enough to measure the services rather than itself) on
// loopback only: its own CLI listens on every interface. Usage: node tools/fauxqs-serve.mjs [port]
import { buildApp } from "fauxqs";

const port = Number(process.argv[2] ?? process.env.FAUXQS_PORT ?? 4566);
const app = buildApp({ logger: false });
const address = await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on ${address}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => app.close().then(() => process.exit(0)));
}
