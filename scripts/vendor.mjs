// Copies the front-end files Puente serves from node_modules into
// static/vendor, where the Go build embeds them. Run by `make assets`.
import { copyFileSync, mkdirSync } from "node:fs";

const files = [["node_modules/htmx.org/dist/htmx.min.js", "static/vendor/htmx.min.js"]];
mkdirSync("static/vendor", { recursive: true });
for (const [from, to] of files) {
  copyFileSync(from, to);
  console.log(`vendored ${to}`);
}
