// Parent side of the iframe embed: resize each iframe.khuyencong-embed to the
// height its page reports with postMessage({ type: "khuyencong-height", height }).
// Only messages from that iframe's window and origin are accepted.
const frames = () => document.querySelectorAll("iframe.khuyencong-embed");

addEventListener("message", (e) => {
  if (!e.data || e.data.type !== "khuyencong-height") return;
  const height = Number(e.data.height);
  if (!Number.isFinite(height) || height < 0) return;
  for (const f of frames()) {
    if (f.contentWindow === e.source && new URL(f.src, location.href).origin === e.origin) {
      f.style.height = `${Math.ceil(height)}px`;
      f.dataset.height = String(Math.ceil(height));
    }
  }
  // How many frames have been sized so far (handy for tests and debugging).
  document.documentElement.dataset.embedsSized = String([...frames()].filter((f) => f.dataset.height).length);
});

// A frame may have reported before this script ran: ask each one again.
for (const f of frames()) {
  const ask = () => f.contentWindow?.postMessage({ type: "khuyencong-height-request" }, new URL(f.src, location.href).origin);
  ask();
  f.addEventListener("load", ask);
}
