// Debian's Chromium for every browser script (tests and benchmark): where it is and
// how it is started here. The background-networking flags keep it off the closed
// network; --no-sandbox because CI runs as root.
export const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
