// Shared by the specs: axe-core (vendored through npm, injected from disk)
// run against one page for WCAG 2 A/AA. Specs using it set
// `test.use({ bypassCSP: true })`: injecting axe needs an inline script.
const AXE = require.resolve("axe-core/axe.min.js");

async function violations(page, path) {
  await page.goto(path);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }),
  );
  return result.violations.map(
    (v) => `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`,
  );
}

module.exports = { violations };
