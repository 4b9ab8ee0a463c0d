### 日本語: the public page.

nav_public = 公開ページ
public_title = 計画の進捗（公開）
public_help = 市が公開した年度の進捗状況です。
public_none = 公開されている年度はまだありません。

# Refusals and errors of requests.

public_nothing_published = 計画「{ $code }」は公開されていません
public_no_year = { $year }年度はありません
public_publish_unlocked = { $year }はまだ確定（ロック）されていません。進行管理表の「年度の確定と公開」で確定してから公開してください
publish_preview_title = 公開前の確認
publish_needs_lock = この年度はまだ確定（ロック）されていません。確定してから公開してください。
publish_check = 公開する前に
publish_all_reported = すべての項目が報告済みです。
publish_unreported_help = 市民向けページには「未報告」と表示されます。
publish_confirm = この内容で公開する
publish_preview_table = 市民が見る内容（記入者・版は表示されません）
published_now = { $year }を公開しました。
publish_after_lock = 確定後に公開できます
public_items = 項目ごとの進捗
