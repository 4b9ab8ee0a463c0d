### 日本語: the public page.

nav_public = 公開ページ
public_title = 計画の進捗（公開）
public_help = 市が公開した年度の進捗状況です。
public_none = 公開されている年度はまだありません。

# Refusals and errors of requests.

public_nothing_published = 計画「{ $code }」は公開されていません
public_no_year = { $year }年度はありません
