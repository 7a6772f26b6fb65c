import http from 'node:http';

// The baseline for the stop bound: a bare node:http server with a download
// (an endless body, written as fast as the client takes it) and a tiny
// answer for keep-alive connections; on SIGTERM it closes as `npm start`'s
// server does (close, then closeAllConnections) and exits. Prints its port.

const chunk = Buffer.alloc(64 * 1024, 'y');

const server = http.createServer((request, response) => {
  if (request.url === '/download') {
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const write = () => {
      while (response.write(chunk));
    };
    response.on('drain', write);
    write();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
