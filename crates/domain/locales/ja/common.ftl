### 日本語: shared by every module: the page chrome, forms, words used across areas.

app_name = jinzai 人材育成計画 進行管理
skip_to_content = 本文へ移動
nav_api = API仕様 (OpenAPI)
switch_lang = English
code = コード
title = 名称
schedule = 計画（スケジュール）
target = 目標
actual = 実績
achievement_rate = 達成率
status = 進捗状況
grade = 評価
grade_none = （未評価）
achievements = 実績・成果
issues = 課題
direction = 今後の方向性
owner_division = 担当課
author = 記入者
revision = 版
note = 備考
save = 保存する
form_has_errors = 入力内容に誤りがあります。各項目のメッセージを確認してください。保存されていません。
sample_banner = このデータは jinzai demo が作成したサンプルです。実在の記録ではありません。
unreported = 未報告
grade_computed = 記録からの算出
grade_none_legend = 未評価（報告済み・評価なし）
unreported_legend = 未報告（まだ報告されていない年度）
none = なし
download = ダウンロード
year = 年度
show = 表示
error = エラー
not_found = 見つかりません
back_to_top = トップへ戻る
count = 件数
item = 項目
published = 公開中
sign_in = ログイン
sign_out = ログアウト
account = アカウント
roles = 役割
search = 検索
all = すべて
staff_number = 職員番号
name = 氏名
unit = 所属
post = 役職
kind = 区分
years = 年数
next = 次へ
self_development = 自己啓発支援
fiscal_year = 年度
event_kind = 種別
encoding = 文字コード
import_failed = 計画ファイルに誤りがあります。何も登録されていません。
import_plan = 登録する
choose_file = ファイルを選択してください
choose = 選択してください
required = 必須

# Problems with entered fields.

field_bad_amount = 「{ $value }」は0以上の円単位の金額ではありません
field_bad_count = 「{ $value }」は1以上の整数で入力してください
field_bad_date = 「{ $value }」は日付として読めません（例: 2024-04-01、令和6年4月1日）

# Dates as people type them.

date_unreadable = 「{ $text }」は日付として読めません（例: 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日）
date_no_such_day = 「{ $text }」は存在しない日付です
date_era_from_year_one = 「{ $text }」は存在しない和暦です: { $era }は元年（1年）から数えます
date_era_began = 「{ $text }」は存在しない和暦です: { $era }は{ $date }（{ $wareki }）に始まりました
date_era_ended = 「{ $text }」は存在しない和暦です: { $era }は{ $date }（{ $wareki }）に終わりました
date_era_not_ended = 「{ $text }」は存在しない和暦です: { $era }はまだ終わっていません
forbidden = この操作を行う権限がありません
csrf_refused = フォームの有効期限が切れたか、不正な送信です（CSRF）。ページを読み込み直してください

# Refusals and errors of requests.

download_unknown_format = 形式は xlsx・csv・json のいずれかです
download_unknown_encoding = 文字コードは utf-8 か cp932 です
auth_token_refused = API トークンが不明か、失効しています
auth_route_without_policy = ルート { $path } にアクセス方針がありません
auth_staff_outside_scope = 職員 { $number } の記録は閲覧できる範囲の外です
api_no_such_route = その API はありません
store_failed = データベースで処理を完了できませんでした
fiscal_year_implausible = { $year }年度はありえない年度です
iso_date_bad = 「{ $text }」は日付（YYYY-MM-DD）ではありません
page_template_failed = 画面を作れませんでした: { $detail }
api_invalid_json = リクエストの本文 { $detail }
api_invalid_json_body = リクエストの本文: { $detail }

store_plan_not_found = 計画「{ $plan }」はありません
store_year_locked = 計画「{ $plan }」の{ $year }年度は確定（ロック）されています。編集するにはロックを解除してください
store_conflict = この記入は先に更新されました（現在 { $revision } 版）。読み込み直してから入力してください
plan_no_node = この計画に項目「{ $item }」はありません
plan_not_a_measure = 項目「{ $item }」には下位の項目があります。進捗は最下位の項目ごとに記入します
plan_year_outside = { $year }年度は計画期間の外です
auth_session_expired = セッションの有効期限が切れました。もう一度サインインしてください
auth_sign_in_or_token = サインインするか、API トークンを送ってください（Authorization: Bearer …）
bad_upload = アップロードが読めません: { $detail }
download_unencodable = { $detail }
internal_detail = 処理できませんでした: { $detail }
invalid_fields = { $count } 件の項目に問題があります
plan_invalid = 計画ファイルに { $count } 件の問題があります
api_schema_mismatch = リクエストの形式に合いません: { $detail }
api_invalid_query = クエリ文字列を読み取れません: { $detail }
api_invalid_path = アドレスを読み取れません: { $detail }
record_row = { $row }行目
record_number = { $n }件目
record_stored_assignment = 登録済みの配属（{ $unit } { $start }〜）
menu = メニュー
store_unlock_published = { $year }は公開中のため、ロックを解除できません。先に公開を取り下げてください
