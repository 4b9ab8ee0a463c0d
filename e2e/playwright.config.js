// Browser tests run Debian's Chromium (/usr/bin/chromium): Playwright's own
// browser download is not available on a closed network.
const { defineConfig } = require("@playwright/test");

const port = Number(process.env.JINZAI_E2E_PORT || 18080);
const binary = process.env.JINZAI_BIN || "../target/debug/jinzai";

module.exports = defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "ja-JP",
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: `${binary} demo --port ${port}`,
      url: `http://127.0.0.1:${port}/plans`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { JINZAI_LOG: "warn" },
    },
    // A second demo on 1 October 2013, within the plan's years, for what
    // moves a year's computed actual (outreach.spec.js).
    {
      command: `${binary} demo --port ${port + 1}`,
      url: `http://127.0.0.1:${port + 1}/plans`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { JINZAI_LOG: "warn", JINZAI_TODAY: "2013-10-01" },
    },
  ],
});
