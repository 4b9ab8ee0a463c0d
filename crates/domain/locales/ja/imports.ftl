### 日本語: HR imports.

nav_import = データ取込
import_as_of = 基準日（職員）
import_as_of_help = 職員の職層・雇用形態が前回と異なる場合、この日から変わったものとして履歴に記録します。空欄なら今日。
hr_import_help = 組織・職員・配属・人事発令・研修・人事評価・昇任試験・希望降任・職員公募・スペシャリスト・女性活躍の記録を CSV（UTF-8 / Shift_JIS）または Excel から取り込みます。日付は西暦・和暦どちらでも構いません。1行でも誤りがあれば何も登録しません。
data_kind = データの種類
kind_units = 組織
kind_staff = 職員
kind_assignments = 配属
kind_events = 人事発令（昇任・降任・派遣・人事交流など）
kind_courses = 研修（カタログ）
kind_sessions = 研修の実施回
kind_participations = 受講者名簿（研修所の年間名簿など）
kind_ojt_plans = 職場研修（OJT）計画
kind_self_development = 自己啓発支援（資格取得・通信教育）
kind_training_needs = 研修ニーズ調査
data_file = ファイル（CSV / xlsx）
encoding_auto = 自動判定
dry_run = 検査のみ（登録しない）
dry_run_note = （検査のみ・登録していません）
created = 新規
updated = 更新
unchanged = 変更なし

# Problems with records (imports and entries).

imports_cell_beyond_header = 見出しの{ $columns }列より右にセルがあります（「{ $text }」）。セル内のカンマは引用符で囲んでください
imports_cell_empty = 「{ $name }」が空です
imports_code_unknown = 「{ $text }」は { $choices } のいずれかです
imports_code_unknown_in_list = 「{ $part }」は { $choices } のいずれかです
imports_not_an_integer = 「{ $text }」は整数ではありません
imports_not_an_amount = 「{ $text }」は金額（0以上の整数の円）ではありません
imports_not_a_number = 「{ $text }」は数値ではありません
imports_column_twice = 列「{ $column }」が二度あります
imports_column_unknown = 不明な列「{ $column }」。使える列: { $join }
imports_column_missing = 必須の列「{ $names }」がありません
imports_xlsx_unreadable = xlsx として読めません: { $reason }
imports_xlsx_no_sheet = xlsx にシートがありません
imports_xlsx_sheet_unreadable = xlsx のシートが読めません: { $reason }
imports_csv_unreadable = CSV として読めません: { $reason }
imports_not_utf8 = UTF-8 として読めないバイトがあります（{ $offset } バイト目）。CP932 なら --encoding cp932 を指定してください
imports_not_cp932 = CP932（Shift_JIS）として読めないバイトがあります（{ $offset } バイト目）

# Refusals and errors of requests.

imports_unknown_kind = 種類「{ $kind }」はありません
imports_unknown_encoding = 文字コードは auto・utf-8・cp932 のいずれかです
imports_not_a_flag = 「{ $text }」は「○」（はい）か空欄（いいえ）で記入してください
imports_kind_forbidden = 「{ $kind }」の取込はこの役割ではできません（人事の記録は人事担当、健康の記録は健康管理担当のみ）
health_import_help = 健康診断・健康相談・職場復帰支援・ストレスチェックの記録を CSV（UTF-8 / Shift_JIS）または Excel から取り込みます。記録は健康情報の鍵で暗号化して保存し、取込は監査ログに件数だけを残します。1行でも誤りがあれば何も登録しません。書式は書き出したファイル（jinzai export）と同じです。
import_layouts = 各種類の列見出し
import_layouts_help = 1行目に列見出しを置きます（順序は自由、太字は必須）。英語の見出し（staff_number など）も読めます。書き出したファイル（jinzai export）はそのまま取り込めます。
kind_exam_applications = 昇任試験の申込・受験・得点
kind_demotion_requests = 希望降任の申出
kind_posting_applications = 職員公募への応募
kind_specialist_designations = スペシャリストの指定
kind_child_births = 子の出生（配偶者出産休暇の対象）
kind_family_leaves = 育児休業・出産休暇等
kind_annual_pay = 年間の給与・超過勤務・年次休暇
