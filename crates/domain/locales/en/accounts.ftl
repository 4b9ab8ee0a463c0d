### English: accounts and signing in.

nav_admin = Accounts
login_name = Login
password = Password
login_help = Accounts are issued by the system administrator.
login_refused = The login or password is wrong.
login_throttled = Too many failed sign-ins: signing in is blocked until
login_form_expired = The form expired: please enter your login again.
session_expired = Your session expired: please sign in again.
account_state = State
account_enabled = Active
account_disabled = Disabled
enable = Enable
disable = Disable
cannot_disable_self = You cannot disable your own account
account_new = New account
account_create = Create
account_created = Account created:
api_tokens = API tokens
token_name = Purpose
token_issue = Issue a token
token_issued = Token issued. It is shown only now.
token_revoked = Revoked
revoke = Revoke
issued_by = Issued by
issued_at = Issued at
change_password = Change password
password_current = Current password
password_new = New password
password_confirm = New password again
password_rule = at least 10 characters
password_mismatch = The two new passwords differ
password_wrong = The current password is wrong
password_changed = Password changed; your other sessions were ended.

# Problems with accounts.

accounts_password_short = the password needs at least 10 characters
accounts_login_bad = the login is 64 characters at most, without spaces
accounts_login_taken = login "{ $login }" is taken
accounts_no_account = no account { $id }
accounts_role_not_held = { $login } does not hold the role { $role }
accounts_manager_needs_unit = a division head needs their unit (its code): manager:K01
accounts_unit_for_managers_only = only a division head takes a unit ({ $role })
accounts_role_unknown = no role "{ $role }" (one of { $roles })
accounts_login_unknown = no account with login "{ $login }"

# Refusals and errors of requests.

accounts_no_live_token = no live token { $id }
accounts_bad_email = “{ $email }” cannot be read as an e-mail address (e.g. tanaka@city.kiyose.lg.jp).
account_email = E-mail address (for notices)
account_email_help = With an address, reminders and other notices also arrive by e-mail. Leave it empty for the home page's notices only.
account_email_saved = E-mail address saved.
