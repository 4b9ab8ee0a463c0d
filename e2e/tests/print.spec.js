// The 進行管理表 as HR prints it: Chromium prints one year of Kiyose's plan
// on A4 landscape, and the pages are counted from the PDF itself.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");

// Chromium writes one `/Type /Page` object per page (and `/Type /Pages`
// for the tree, which the pattern leaves out).
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
}

test("one year of the 進行管理表 prints on at most 6 A4 pages", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/plans/kiyose-2011/report?year=2012");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("進行管理表");
  await page.emulateMedia({ media: "print" });
  // The page's own @page rule (A4 landscape) decides the paper.
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = pageCount(pdf);
  console.log(`進行管理表 2012: ${pages} A4 pages`);
  expect(pages).toBeGreaterThan(0);
  expect(pages).toBeLessThanOrEqual(6);
  // Every measure is there, and each pillar heads its group once.
  const text = await page.locator("table.report").innerText();
  expect(text.match(/人事制度の確立/g)?.length ?? 0).toBeLessThanOrEqual(1);
});

test("a division's evaluation sheets print one A4 portrait page each", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/plans/kiyose-2011/report?year=2012");
  await page.getByLabel("担当課の評価シート").selectOption("職員課");
  await page.getByRole("button", { name: "評価シートを表示" }).click();
  const sheets = await page.locator("article.sheet").count();
  expect(sheets).toBeGreaterThan(1);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  console.log(`評価シート 職員課 2012: ${sheets} sheets, ${pageCount(pdf)} pages`);
  expect(pageCount(pdf)).toBe(sheets);
  // Portrait: the media box is taller than it is wide.
  const box = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  expect(box && Number(box[2]) > Number(box[1])).toBeTruthy();
});
