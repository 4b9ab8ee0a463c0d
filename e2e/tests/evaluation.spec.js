// A whole evaluation cycle in the browser, on the demo 職員's FY2015 first-half
// 業績評価: goals, their agreement at the 期首面談, the self-evaluation, the
// 一次 and 二次 ratings, a send-back by the 調整者 with its reason, the ratings
// again, 調整, 確認 (HR: no 確認者 is named), 開示, the 期末面談 and a
// complaint, which HR handles.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");

async function as(browser, login) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, login);
  return page;
}

// Japan's today, as a date field takes it.
function today() {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
}

// Rates every item of the form for `step` with `band`.
async function rateAll(page, step, band) {
  const form = page.locator("form").filter({ has: page.locator(`input[name=step][value=${step}]`) });
  for (const select of await form.locator("select[name^=rating_]").all()) {
    await select.selectOption(band);
  }
  return form;
}

test("an evaluation runs from goals to a handled complaint", async ({ browser }) => {
  test.setTimeout(120_000);
  const me = await as(browser, "staff");
  await me.goto("/evaluation?year=2015");
  await me.getByRole("link", { name: "業績評価（上期）" }).click();
  const sheet = me.url();
  await expect(me.locator("h1")).toContainText("評価シート");

  // Goals, weighted 60/40.
  await me.locator("#g-title-0").fill("窓口の平均待ち時間を10分以内にする");
  await me.locator("#g-measure-0").fill("月次の待ち時間集計");
  await me.locator("#g-weight-0").fill("60");
  await me.locator("#g-title-1").fill("マニュアルを改訂する");
  await me.locator("#g-weight-1").fill("40");
  await me.getByRole("button", { name: "目標を提出" }).click();
  await expect(me.getByRole("status")).toContainText("保存しました");
  await expect(me.getByText("目標提出済")).toBeVisible();

  // The 一次評価者 agrees them at the 期首面談.
  const first = await as(browser, "evaluator");
  await first.goto(sheet);
  await first.locator("#t-day").fill(today());
  await first.getByRole("button", { name: "目標に合意（期首面談）" }).click();
  await expect(first.getByRole("status")).toContainText("保存しました");

  // Self-evaluation, then 一次 and 二次.
  await me.goto(sheet);
  await rateAll(me, "self_evaluate", "A");
  await me.getByRole("button", { name: "自己評価" }).click();
  await expect(me.getByText("自己評価済")).toBeVisible();
  await first.goto(sheet);
  await rateAll(first, "rate_first", "B");
  await first.getByRole("button", { name: "一次評価" }).click();
  await expect(first.getByRole("status")).toContainText("保存しました");
  const second = await as(browser, "manager");
  await second.goto(sheet);
  await rateAll(second, "rate_second", "C");
  await second.getByRole("button", { name: "二次評価" }).click();
  await expect(second.getByText("二次評価済")).toBeVisible();

  // The 調整者 sends it back: a reason is needed.
  const adjuster = await as(browser, "director");
  await adjuster.goto(sheet);
  await adjuster.getByRole("button", { name: "再評価を指示（差戻し）" }).click();
  await expect(adjuster.getByRole("alert")).toContainText("理由を入れてください");
  await adjuster.locator("#reason-send_back").fill("二次評価が一次と離れすぎている");
  await adjuster.getByRole("button", { name: "再評価を指示（差戻し）" }).click();
  await expect(adjuster.getByText("自己評価済")).toBeVisible();

  // Rated again; adjusted; HR confirms and discloses.
  await first.goto(sheet);
  await rateAll(first, "rate_first", "B");
  await first.getByRole("button", { name: "一次評価" }).click();
  await second.goto(sheet);
  await rateAll(second, "rate_second", "B");
  await second.getByRole("button", { name: "二次評価" }).click();
  await adjuster.goto(sheet);
  await adjuster.getByRole("button", { name: "調整", exact: true }).click();
  await expect(adjuster.getByText("調整済")).toBeVisible();
  const hr = await as(browser, "hr");
  await hr.goto(sheet);
  await hr.getByRole("button", { name: "確認", exact: true }).click();
  await expect(hr.getByText("評価結果: B（標準）")).toBeVisible();
  await hr.getByRole("button", { name: "開示" }).click();
  await expect(hr.getByText("開示済")).toBeVisible();

  // The 期末面談 that explains it.
  await first.goto(sheet);
  await first.locator("#f-day").fill(today());
  await first.locator("#f-note").fill("評価の根拠を目標ごとに説明");
  await first.getByRole("button", { name: "期末面談（評価内容の説明）を記録する" }).click();
  await expect(first.getByRole("cell", { name: "評価の根拠を目標ごとに説明" })).toBeVisible();

  // The evaluatee sees the result and files a complaint; HR handles it.
  await me.goto(sheet);
  await expect(me.getByText("評価結果: B（標準）")).toBeVisible();
  await expect(me.getByText("二次評価が一次と離れすぎている")).toBeVisible();
  await me.getByLabel("申出の内容").fill("目標2の達成度の評価に納得できない");
  await me.getByRole("button", { name: "苦情を申し出る" }).click();
  await expect(me.getByText("対応中")).toBeVisible();
  await hr.goto(sheet);
  await hr.getByLabel("対応結果").selectOption("dismissed");
  await hr.getByLabel("対応の内容").fill("評価の根拠を再度説明した");
  await hr.getByRole("button", { name: "対応を記録する" }).click();
  await expect(hr.getByText("申出を認めない：評価の根拠を再度説明した")).toBeVisible();

  // Someone outside the chain may not read it.
  const viewer = await as(browser, "health");
  const res = await viewer.goto(sheet);
  expect(res.status()).toBe(403);
});
