### 日本語: accounts and signing in.

nav_admin = アカウント管理
login_name = ログイン名
password = パスワード
login_help = アカウントはシステム管理者が発行します。
login_refused = ログイン名またはパスワードが違います。
login_throttled = ログインの失敗が続いたため、しばらくログインできません。時刻
login_form_expired = フォームの有効期限が切れました。もう一度入力してください。
session_expired = 一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。
account_state = 状態
account_enabled = 有効
account_disabled = 停止中
enable = 再開する
disable = 停止する
cannot_disable_self = 自分のアカウントは停止できません
account_new = アカウントの追加
account_create = 追加する
account_created = アカウントを追加しました:
api_tokens = APIトークン
token_name = 用途
token_issue = トークンの発行
token_issued = トークンを発行しました。この画面を閉じると二度と表示されません。
token_revoked = 失効
revoke = 失効させる
issued_by = 発行者
issued_at = 発行日時
change_password = パスワードの変更
password_current = 現在のパスワード
password_new = 新しいパスワード
password_confirm = 新しいパスワード（確認）
password_rule = 10文字以上
password_mismatch = 確認用のパスワードが一致しません
password_wrong = 現在のパスワードが違います
password_changed = パスワードを変更しました。ほかの端末のログインは終了しました。

# Problems with accounts.

accounts_password_short = パスワードは10文字以上にしてください
accounts_login_bad = ログイン名は空白を含まない64文字以内にしてください
accounts_login_taken = ログイン名「{ $login }」は使われています
accounts_no_account = アカウント { $id } はありません
accounts_role_not_held = { $login } は「{ $role }」の役割を持っていません
accounts_manager_needs_unit = 所属長には所属（組織コード）を指定してください: manager:K01
accounts_unit_for_managers_only = 所属を指定できるのは所属長だけです（{ $role }）
accounts_role_unknown = 役割「{ $role }」はありません（{ $roles }）
accounts_login_unknown = ログイン名「{ $login }」のアカウントはありません

# Refusals and errors of requests.

accounts_no_live_token = 有効なトークン { $id } はありません
accounts_bad_email = 「{ $email }」はメールアドレスとして読めません（例：tanaka@city.kiyose.lg.jp）。
account_email = メールアドレス（お知らせの送り先）
account_email_help = 入力すると、提出期限のお知らせなどがこのアドレスにも届きます。空にするとホーム画面のお知らせだけになります。
account_email_saved = メールアドレスを保存しました。
