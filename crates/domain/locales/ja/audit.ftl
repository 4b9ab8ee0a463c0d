### 日本語: the audit log.

nav_audit = 監査ログ
audit_help = すべての更新と、個人情報の閲覧の記録です。改ざんはハッシュの連鎖で検出されます（jinzai audit verify）。
audit_actor = 操作者
audit_action = 操作
audit_record_type = 対象の種類
audit_record_key = 対象
audit_detail = 内容
audit_at = 日時
date_from = 開始日
date_to = 終了日

# Refusals and errors of requests.

audit_bad_date = { $field }: 「{ $text }」は日付として読めません
