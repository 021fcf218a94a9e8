// A port for a server a test is about to start. Asked of the OS (an ephemeral port nobody is
// listening on), never a random pick: a random port can be taken, or be one of the ports fetch()
// refuses outright ("bad port": 4190, 5060, 6000, … in the Fetch standard), which once failed a
// system test whose server was up all along.
import net from "node:net";

// The Fetch standard's blocked ports above 1024 (the ephemeral range holds none today; kept so a
// changed range cannot bring them back).
const FETCH_BLOCKED = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

export async function freePort(host = "127.0.0.1"): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, host, () => {
        const p = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    if (!FETCH_BLOCKED.has(port)) return port;
  }
}
