//! UI language: Japanese first, English available (cookie `lang`).

use jinzai_domain::FiscalYear;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The UI string for `key`; the key itself if unknown (a test keeps
    /// every key used by the templates in the table).
    pub fn t(self, key: &str) -> &'static str {
        match MESSAGES.iter().find(|(k, _, _)| *k == key) {
            Some((_, ja, en)) => match self {
                Lang::Ja => ja,
                Lang::En => en,
            },
            None => "?",
        }
    }

    /// "平成23年度 (2011)" or "FY2011 (Heisei 23)".
    pub fn year(self, y: FiscalYear) -> String {
        match self {
            Lang::Ja => y.label_ja_full(),
            Lang::En => y.label_en(),
        }
    }

    /// Picks the Japanese or English message of a domain error.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "app_name",
        "jinzai 人材育成計画 進行管理",
        "jinzai talent-development plan tracker",
    ),
    ("skip_to_content", "本文へ移動", "Skip to content"),
    ("nav_plans", "計画一覧", "Plans"),
    ("nav_tree", "計画体系", "Plan tree"),
    ("nav_dashboard", "ダッシュボード", "Dashboard"),
    ("nav_report", "進行管理表", "Progress table"),
    ("nav_versions", "版の履歴", "Versions"),
    ("nav_api", "API仕様 (OpenAPI)", "API (OpenAPI)"),
    ("switch_lang", "English", "日本語"),
    ("plans_title", "計画一覧", "Plans"),
    (
        "plans_empty",
        "計画が登録されていません。`jinzai plan import FILE` で登録してください。",
        "No plan yet. Import one with `jinzai plan import FILE`.",
    ),
    ("period", "計画期間", "Period"),
    ("version", "版", "Version"),
    ("imported_at", "登録日時", "Imported"),
    ("imported_by", "登録者", "Imported by"),
    ("code", "コード", "Code"),
    ("title", "名称", "Title"),
    ("measures", "方策数", "Measures"),
    ("schedule", "計画（スケジュール）", "Schedule"),
    ("no_schedule", "計画に記載なし", "No schedule in the plan"),
    ("inferred", "推定", "inferred"),
    (
        "inferred_help",
        "原本の矢印（期間の継続）から読み取ったセル",
        "Read from a span (arrow) in the original table",
    ),
    ("target", "目標", "Target"),
    ("actual", "実績", "Actual"),
    ("actual_value", "実績値", "Actual (number)"),
    ("actual_text", "実績（内容）", "Actual (text)"),
    ("achievement_rate", "達成率", "Achievement"),
    ("status", "進捗状況", "Status"),
    ("grade", "評価", "Grade"),
    ("grade_reason", "評価の理由", "Reason for the grade"),
    (
        "grade_auto",
        "達成率から自動算出",
        "Computed from the achievement rate",
    ),
    ("grade_none", "（未評価）", "(not graded)"),
    ("achievements", "実績・成果", "Results"),
    ("issues", "課題", "Issues"),
    ("direction", "今後の方向性", "Next steps"),
    ("owner_division", "担当課", "Owner division"),
    ("author", "記入者", "Recorded by"),
    ("recorded_at", "記入日時", "Recorded at"),
    ("revision", "版", "Revision"),
    ("history", "変更履歴", "History"),
    (
        "no_history",
        "記録はまだありません。",
        "Nothing recorded yet.",
    ),
    ("description", "趣旨", "Intent"),
    ("project", "事業名", "Project"),
    ("aliases", "別名（概要図）", "Other names"),
    ("note", "備考", "Note"),
    ("enter_progress", "進捗を入力", "Enter progress"),
    ("edit_progress", "進捗を更新", "Update progress"),
    ("progress_form", "進捗の入力", "Progress entry"),
    ("save", "保存する", "Save"),
    ("cancel", "戻る", "Back"),
    (
        "form_has_errors",
        "入力内容に誤りがあります。各項目のメッセージを確認してください。保存されていません。",
        "Please correct the fields below. Nothing was saved.",
    ),
    ("saved", "保存しました。", "Saved."),
    ("locked", "確定済（ロック）", "Locked"),
    ("locked_short", "確定済", "Locked"),
    ("group", "区分", "Group"),
    (
        "locked_help",
        "この年度は人事担当により確定されています。編集するにはロックを解除してください。",
        "HR has locked this year. Unlock it to edit.",
    ),
    ("lock_year", "年度を確定（ロック）", "Lock year"),
    ("unlock_year", "ロック解除", "Unlock"),
    (
        "year_locks",
        "年度の確定と公開",
        "Year locks and publication",
    ),
    ("sample", "サンプル", "Sample"),
    (
        "sample_banner",
        "このデータは jinzai demo が作成したサンプルです。実在の記録ではありません。",
        "Sample data created by jinzai demo, not real records.",
    ),
    ("dashboard_title", "ダッシュボード", "Dashboard"),
    ("grades_per_pillar", "柱ごとの評価", "Grades per pillar"),
    ("target_vs_actual", "数値目標と実績", "Targets and actuals"),
    ("rollup", "集計", "Roll-up"),
    ("by_division", "担当課別", "By owner division"),
    ("unassigned", "（未設定）", "(not set)"),
    (
        "not_assessed_list",
        "評価対象外の方策",
        "Measures not assessed",
    ),
    ("ungraded_list", "未評価の方策", "Measures not yet graded"),
    ("unreported", "未報告", "Not reported"),
    ("numeric_summary", "数値目標の達成状況", "Numeric targets"),
    (
        "numeric_measures",
        "数値目標のある方策",
        "Measures with a numeric target",
    ),
    ("reported", "実績報告あり", "Reported"),
    ("met", "目標達成", "Target met"),
    ("mean_rate", "平均達成率", "Mean achievement"),
    ("none", "なし", "None"),
    ("report_title", "進行管理表", "Progress table"),
    ("download", "ダウンロード", "Download"),
    ("print", "印刷する", "Print"),
    (
        "print_help",
        "A4横向きで印刷されます。",
        "Prints on A4 landscape.",
    ),
    ("all_years", "全年度", "All years"),
    ("whole_plan", "計画全体", "Whole plan"),
    ("year", "年度", "Year"),
    ("show", "表示", "Show"),
    ("grade_scale", "評価基準", "Grade scale"),
    ("sub_items", "下位の項目", "Sub-items"),
    ("error", "エラー", "Error"),
    ("not_found", "見つかりません", "Not found"),
    ("back_to_top", "トップへ戻る", "Back to top"),
    ("data_table", "グラフのデータ", "Chart data"),
    ("count", "件数", "Count"),
    ("item", "項目", "Item"),
    ("nav_staff", "職員", "Staff"),
    ("nav_units", "組織", "Organisation"),
    ("nav_import", "データ取込", "Import data"),
    ("nav_admin", "アカウント管理", "Accounts"),
    ("nav_public", "公開ページ", "Public page"),
    (
        "computed_actual",
        "記録から算出した実績",
        "Actual computed from records",
    ),
    (
        "indicator_help",
        "この施策の実績は、登録された記録から自動で算出します。",
        "This measure's actual is computed from the records.",
    ),
    (
        "indicator_records",
        "根拠となる記録",
        "Records behind the number",
    ),
    ("indicator_record", "記録", "Record"),
    ("first_n", "表示は先頭", "showing the first"),
    (
        "computed_hint",
        "空欄のまま保存すると、記録から算出した値を実績とします。異なる値を記録するときは理由が必要です。",
        "Leave empty to record the value computed from the records; another value needs a reason.",
    ),
    (
        "override_reason",
        "算出値と異なる実績を記録する理由",
        "Why the actual differs from the computed one",
    ),
    (
        "computed_mark",
        "（記録から算出）",
        " (computed from records)",
    ),
    (
        "override_mark",
        "（算出値を上書き）",
        " (overrides the computed value)",
    ),
    ("count_records", "記録の件数", "count of records"),
    (
        "count_distinct_staff",
        "職員の実人数",
        "count of distinct staff",
    ),
    (
        "public_title",
        "人材育成基本方針 実施計画の進捗（公開）",
        "Progress of the talent-development plan (public)",
    ),
    (
        "public_help",
        "市が公開した年度の進捗状況です。",
        "The fiscal years the city has published.",
    ),
    (
        "public_none",
        "公開されている年度はまだありません。",
        "Nothing has been published yet.",
    ),
    ("published", "公開中", "Published"),
    ("publish_year", "市民に公開する", "Publish"),
    ("unpublish_year", "公開をやめる", "Withdraw"),
    ("nav_audit", "監査ログ", "Audit log"),
    ("sign_in", "ログイン", "Sign in"),
    ("sign_out", "ログアウト", "Sign out"),
    ("login_name", "ログイン名", "Login"),
    ("password", "パスワード", "Password"),
    (
        "login_help",
        "アカウントはシステム管理者が発行します。",
        "Accounts are issued by the system administrator.",
    ),
    (
        "login_refused",
        "ログイン名またはパスワードが違います。",
        "The login or password is wrong.",
    ),
    (
        "login_throttled",
        "ログインの失敗が続いたため、しばらくログインできません。時刻",
        "Too many failed sign-ins: signing in is blocked until",
    ),
    (
        "login_form_expired",
        "フォームの有効期限が切れました。もう一度入力してください。",
        "The form expired: please enter your login again.",
    ),
    (
        "session_expired",
        "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
        "Your session expired: please sign in again.",
    ),
    ("account", "アカウント", "Account"),
    ("account_state", "状態", "State"),
    (
        "members_hidden",
        "この所属の職員は、閲覧の権限がないため表示していません。",
        "You may not see this unit's members.",
    ),
    ("account_enabled", "有効", "Active"),
    ("account_disabled", "停止中", "Disabled"),
    ("enable", "再開する", "Enable"),
    ("disable", "停止する", "Disable"),
    (
        "cannot_disable_self",
        "自分のアカウントは停止できません",
        "You cannot disable your own account",
    ),
    ("account_new", "アカウントの追加", "New account"),
    ("account_create", "追加する", "Create"),
    (
        "account_created",
        "アカウントを追加しました:",
        "Account created:",
    ),
    ("api_tokens", "APIトークン", "API tokens"),
    ("token_name", "用途", "Purpose"),
    ("token_issue", "トークンの発行", "Issue a token"),
    (
        "token_issued",
        "トークンを発行しました。この画面を閉じると二度と表示されません。",
        "Token issued. It is shown only now.",
    ),
    ("token_revoked", "失効", "Revoked"),
    ("revoke", "失効させる", "Revoke"),
    ("issued_by", "発行者", "Issued by"),
    ("issued_at", "発行日時", "Issued at"),
    (
        "audit_help",
        "すべての更新と、個人情報の閲覧の記録です。改ざんはハッシュの連鎖で検出されます（jinzai audit verify）。",
        "Every change and every read of a personal record. Tampering is detected by the hash chain (jinzai audit verify).",
    ),
    ("audit_actor", "操作者", "Actor"),
    ("audit_action", "操作", "Action"),
    ("audit_record_type", "対象の種類", "Record type"),
    ("audit_record_key", "対象", "Record"),
    ("audit_detail", "内容", "Detail"),
    ("audit_at", "日時", "When"),
    ("date_from", "開始日", "From"),
    ("date_to", "終了日", "To"),
    ("roles", "役割", "Roles"),
    ("change_password", "パスワードの変更", "Change password"),
    ("password_current", "現在のパスワード", "Current password"),
    ("password_new", "新しいパスワード", "New password"),
    (
        "password_confirm",
        "新しいパスワード（確認）",
        "New password again",
    ),
    ("password_rule", "10文字以上", "at least 10 characters"),
    (
        "password_mismatch",
        "確認用のパスワードが一致しません",
        "The two new passwords differ",
    ),
    (
        "password_wrong",
        "現在のパスワードが違います",
        "The current password is wrong",
    ),
    (
        "password_changed",
        "パスワードを変更しました。ほかの端末のログインは終了しました。",
        "Password changed; your other sessions were ended.",
    ),
    ("staff_title", "職員一覧", "Staff"),
    ("units_title", "組織", "Organisation"),
    ("search", "検索", "Search"),
    (
        "search_help",
        "氏名・フリガナ・職員番号（全角半角・カタカナひらがなを区別しません）",
        "Name, reading or staff number (width and kana insensitive)",
    ),
    ("all", "すべて", "All"),
    ("staff_number", "職員番号", "Staff number"),
    ("name", "氏名", "Name"),
    ("kana", "フリガナ", "Reading"),
    ("unit", "所属", "Unit"),
    ("hire_date", "採用日", "Hired"),
    ("hiring_route", "採用区分", "Hiring route"),
    ("employment_type", "任用形態", "Employment type"),
    ("job_grade", "職層", "Job grade"),
    ("staff_status", "在職状況", "Status"),
    ("gender", "性別", "Gender"),
    ("birth_date", "生年月日", "Date of birth"),
    ("qualifications", "資格", "Qualifications"),
    ("leaving_date", "退職日", "Left"),
    ("present", "現在", "present"),
    ("primary_post", "本務", "Primary"),
    ("concurrent_post", "兼務", "Concurrent"),
    ("career", "経歴（配属）", "Career (assignments)"),
    ("period_col", "期間", "Period"),
    ("post", "役職", "Post"),
    ("kind", "区分", "Kind"),
    ("years", "年数", "Years"),
    ("rotation_class", "部門区分", "Rotation class"),
    ("as_of", "基準日", "As of"),
    ("members", "所属職員", "Members"),
    ("unit_history", "組織の履歴", "History of the unit"),
    ("parent_unit", "上位組織", "Parent unit"),
    ("since", "開始日", "Since"),
    ("total_count", "件", "found"),
    ("prev", "前へ", "Previous"),
    ("next", "次へ", "Next"),
    (
        "hr_import_help",
        "組織・職員・配属・人事発令・研修の記録を CSV（UTF-8 / Shift_JIS）または Excel から取り込みます。日付は西暦・和暦どちらでも構いません。1行でも誤りがあれば何も登録しません。",
        "Import units, staff, assignments, personnel events or training records from CSV (UTF-8 / Shift_JIS) or Excel. Dates may be 西暦 or 和暦. If any row has a problem nothing is written.",
    ),
    ("data_kind", "データの種類", "Kind of data"),
    ("kind_units", "組織", "Units"),
    ("kind_staff", "職員", "Staff"),
    ("kind_assignments", "配属", "Assignments"),
    (
        "kind_events",
        "人事発令（昇任・降任・派遣・人事交流など）",
        "Personnel events (promotions, secondments, exchanges …)",
    ),
    ("nav_training", "研修", "Training"),
    ("prev_year", "前年度", "Previous year"),
    ("next_year", "翌年度", "Next year"),
    ("yes", "はい", "Yes"),
    ("no", "いいえ", "No"),
    ("training_sessions", "研修の実施回", "Sessions held"),
    ("training_dates", "日程", "Dates"),
    ("training_course", "研修名", "Course"),
    ("training_code", "研修コード", "Code"),
    ("training_category", "研修区分", "Category"),
    ("training_provider", "実施機関", "Provider"),
    ("training_topic", "分野", "Topic"),
    ("training_hours", "時間数", "Hours"),
    ("training_place", "会場", "Place"),
    ("training_applicants", "申込者", "Applicants"),
    ("training_took_part", "受講者（延べ）", "Participations"),
    ("training_people", "受講者（実人数）", "People"),
    (
        "training_needs",
        "研修ニーズと実施状況",
        "Needs and what was offered",
    ),
    (
        "training_needs_help",
        "研修ニーズ調査で職員が求めた分野と、その年度に実施した研修の回数・受講者数（研修内容の充実）。",
        "What staff asked for in the needs survey beside the sessions held and taken that year.",
    ),
    ("training_requests", "要望数", "Requests"),
    ("training_by_unit", "所属別の受講状況", "Training by unit"),
    ("training_catalogue", "研修カタログ", "Catalogue"),
    ("training_roster", "受講者名簿", "Roster"),
    ("training_status", "受講状況", "Status"),
    ("training_satisfaction", "満足度", "Satisfaction"),
    ("training_certificate", "修了証", "Certificate"),
    ("training_history", "研修の受講歴", "Training history"),
    (
        "self_development",
        "自己啓発支援",
        "Self-development support",
    ),
    ("attendance_record", "受講状況を記録", "Record attendance"),
    ("session_new", "研修の回を登録する", "Record a session"),
    (
        "session_edit",
        "この回の内容を変更する",
        "Change this session",
    ),
    (
        "course_new",
        "研修カタログに研修を追加する",
        "Add a course to the catalogue",
    ),
    ("course_edit", "研修を変更する", "Change a course"),
    (
        "course_audience_types",
        "対象の任用形態（なしは全員）",
        "For employment types (none: all)",
    ),
    (
        "course_audience_grades",
        "対象の職層（なしは全職層）",
        "For grades (none: all)",
    ),
    ("course_cost", "1人あたり費用", "Cost per person"),
    ("course_save", "研修を保存", "Save course"),
    (
        "course_saved",
        "研修を保存しました。",
        "The course was saved.",
    ),
    ("edit", "変更", "Change"),
    (
        "session_new_help",
        "研修カタログの研修について、実施する（した）回を登録します。同じ研修・同じ開始日の回が登録済みなら、その回を変更します。登録後、受講者を追加できます。",
        "Record a session of a catalogue course. A session of the same course and first day is changed instead. Then add its roster.",
    ),
    ("session_start", "開始日", "First day"),
    ("session_capacity", "定員", "Capacity"),
    (
        "session_unit",
        "実施した所属（職場研修のとき）",
        "Unit that held it (OJT)",
    ),
    ("session_save", "回を保存", "Save session"),
    ("roster_add", "受講者を追加する", "Add people to the roster"),
    ("roster_numbers", "職員番号", "Staff numbers"),
    (
        "roster_numbers_hint",
        "空白・読点・改行で区切って複数入力できます。名簿にいる人はそのままです。",
        "Separate several with spaces, commas or lines. People already on the roster are left as they are.",
    ),
    ("roster_add_button", "名簿に追加", "Add to roster"),
    (
        "roster_added",
        "名簿に追加しました:",
        "Added to the roster:",
    ),
    ("roster_already", "名簿に登録済み", "already on it"),
    (
        "sd_help",
        "資格取得・通信教育などの自己啓発を支援します（通信教育・資格取得への支援）。職員が申請し、人事担当が助成額を決めて承認し、修了を記録します。修了時の取得資格は職員記録に加わります。",
        "Support for qualifications and courses staff take on their own: staff apply, HR approves with the subsidy it grants and records completion, which adds the qualification to the staff record.",
    ),
    ("sd_applications", "申請一覧", "Applications"),
    ("sd_mine", "自分の申請", "My applications"),
    (
        "sd_supported",
        "支援（承認・修了）",
        "Supported (approved or completed)",
    ),
    ("sd_completed", "修了", "Completed"),
    (
        "sd_subsidy_total",
        "助成額の合計（承認・修了）",
        "Subsidy granted",
    ),
    ("sd_applied", "申請日", "Applied on"),
    ("sd_title", "講座・資格名", "Course or qualification"),
    ("sd_subsidy", "助成額", "Subsidy"),
    ("sd_subsidy_asked", "助成申請額", "Subsidy asked for"),
    ("sd_subsidy_now", "現在の額:", "Now:"),
    (
        "sd_subsidy_none",
        "額は未記入です。承認のときに記入します。",
        "No amount yet; enter it on approval.",
    ),
    ("sd_completed_on", "修了日", "Completed on"),
    ("sd_qualification", "取得資格", "Qualification obtained"),
    ("sd_step", "処理", "Action"),
    ("sd_next", "次の状況", "Next status"),
    ("sd_record_step", "記録する", "Record"),
    ("sd_withdraw", "取り下げる", "Withdraw"),
    (
        "sd_withdraw_confirm",
        "この申請を取り下げます。取り下げた申請は元に戻せません。よろしいですか。",
        "Withdraw this application? A withdrawn application cannot be restored.",
    ),
    (
        "sd_note",
        "理由・備考（不承認のときは必須）",
        "Reason or note (required to reject)",
    ),
    ("sd_apply", "支援を申請する", "Apply for support"),
    ("sd_submit", "申請する", "Apply"),
    (
        "sd_no_record",
        "このアカウントには職員記録が結び付いていないため、申請できません。",
        "This account has no staff record, so it cannot apply.",
    ),
    (
        "sd_saved_applied",
        "申請を受け付けました。",
        "Application recorded.",
    ),
    (
        "sd_saved_step",
        "申請の状況を記録しました。",
        "The application's status was recorded.",
    ),
    ("yen", "円", "yen"),
    ("filter", "絞り込む", "Filter"),
    (
        "date_hint",
        "例: 2024-04-01 または 令和6年4月1日",
        "e.g. 2024-04-01 (和暦 also accepted)",
    ),
    (
        "attendance_saved",
        "受講状況を記録しました。変更:",
        "Attendance recorded. Changed:",
    ),
    ("ojt_theme", "テーマ", "Theme"),
    ("ojt_planned", "計画回数", "Planned"),
    ("ojt_held", "実施回数", "Held"),
    ("ojt_carried_out", "計画どおり実施", "Carried out"),
    (
        "ojt_help",
        "各所属の年間の職場研修（OJT）計画と、その計画のもとで実施した回です。計画回数以上実施した所属を「計画どおり実施」と数えます（計画的な職場研修の実施）。所属長は自分の所属の分を記録できます。",
        "Each unit's yearly workplace-training plan and the sessions it held. A unit that held at least the planned number carried its plan out. Division heads record their own units'.",
    ),
    ("fiscal_year", "年度", "Fiscal year"),
    (
        "ojt_plans_and_sessions",
        "計画と実施状況",
        "Plans and sessions held",
    ),
    ("ojt_sessions_held", "実施した回", "Sessions held"),
    ("ojt_no_plan", "計画未登録", "No plan"),
    (
        "ojt_planned_units",
        "計画を登録した所属",
        "Units with a plan",
    ),
    (
        "ojt_no_units",
        "記録できる所属がありません。",
        "There are no units you keep.",
    ),
    (
        "ojt_record_plan",
        "計画を登録・変更する",
        "Record or change a plan",
    ),
    ("ojt_save_plan", "計画を保存", "Save plan"),
    (
        "ojt_change_session",
        "実施した回を変更する",
        "Change a session held",
    ),
    (
        "ojt_choose_unit",
        "この所属の計画を開く",
        "Open this unit's plan",
    ),
    ("ojt_plan_of", "計画を記録する所属", "Plan of"),
    (
        "ojt_record_session",
        "実施した回を記録する",
        "Record a session held",
    ),
    ("ojt_save_session", "実施を記録", "Record session"),
    (
        "ojt_no_courses",
        "研修カタログに職場研修（OJT）の研修がありません。人事担当に研修カタログへの登録を依頼してください。",
        "The catalogue has no on-the-job training course; ask HR to add one.",
    ),
    ("ojt_held_on", "実施日", "Held on"),
    (
        "ojt_ended_on",
        "終了日（複数日のとき）",
        "Ended on (if several days)",
    ),
    (
        "ojt_saved_plan",
        "職場研修計画を保存しました。",
        "The plan was saved.",
    ),
    (
        "ojt_saved_session",
        "実施した回を記録しました。",
        "The session was recorded.",
    ),
    (
        "kind_courses",
        "研修（カタログ）",
        "Training courses (catalogue)",
    ),
    ("kind_sessions", "研修の実施回", "Training sessions"),
    (
        "kind_participations",
        "受講者名簿（研修所の年間名簿など）",
        "Participation lists (e.g. the institute's roster)",
    ),
    (
        "kind_ojt_plans",
        "職場研修（OJT）計画",
        "Workplace training (OJT) plans",
    ),
    (
        "kind_self_development",
        "自己啓発支援（資格取得・通信教育）",
        "Self-development support",
    ),
    (
        "kind_training_needs",
        "研修ニーズ調査",
        "Training-needs survey",
    ),
    ("events", "人事発令", "Personnel events"),
    ("event_date", "発令日", "Date"),
    ("event_kind", "種別", "Kind"),
    ("partner", "相手先", "Partner"),
    ("voluntary", "希望", "voluntary"),
    ("data_file", "ファイル（CSV / xlsx）", "File (CSV / xlsx)"),
    ("encoding", "文字コード", "Encoding"),
    ("encoding_auto", "自動判定", "Detect"),
    (
        "dry_run",
        "検査のみ（登録しない）",
        "Check only (write nothing)",
    ),
    (
        "dry_run_note",
        "（検査のみ・登録していません）",
        " (check only, nothing written)",
    ),
    ("created", "新規", "created"),
    ("updated", "更新", "updated"),
    ("unchanged", "変更なし", "unchanged"),
    ("nav_rotation", "ジョブローテーション", "Job rotation"),
    ("rotation_title", "ジョブローテーション", "Job rotation"),
    (
        "rotation_help",
        "一般職について、採用後の一定期間に窓口・事業・管理の各部門を経験しているか、同一所属に長く在籍している職員、スペシャリスト（採用後15年以上）を年度末時点で示します。年数は年度で数えます。",
        "For regular staff at the end of the fiscal year: whether they served in front-desk, program and administration units in their first years, who has stayed long in one unit, and specialists. Years count fiscal years.",
    ),
    (
        "rotation_window",
        "対象期間（採用後の年数）",
        "Window (years since hire)",
    ),
    (
        "rotation_long_stay",
        "長期在籍（同一所属の年数）",
        "Long stay (years in one unit)",
    ),
    (
        "rotation_specialist",
        "スペシャリスト（採用後の年数）",
        "Specialist (years of service)",
    ),
    (
        "rotation_counts",
        "年度ごとの件数",
        "Counts per fiscal year",
    ),
    (
        "rotation_in_window",
        "対象期間内の職員",
        "Staff in the window",
    ),
    ("rotation_covered_all", "3部門経験済", "Served in all three"),
    (
        "rotation_shown_first",
        "表示しているのは先頭",
        "Showing the first",
    ),
    ("rotation_full_list", "全件は", "the full list:"),
    (
        "rotation_incomplete",
        "対象期間の最終年度で未経験の部門がある職員",
        "Last year of the window, a class still missing",
    ),
    ("rotation_long_stays", "長期在籍の職員", "Long stays"),
    ("rotation_specialists", "スペシャリスト", "Specialists"),
    (
        "rotation_field",
        "分野（最も長く在籍した部）",
        "Field (department served longest)",
    ),
    (
        "rotation_fields_help",
        "スペシャリストの分野は、最も長く在籍した部で示します。",
        "A specialist's field is the department they served in longest.",
    ),
    ("rotation_missing", "未経験の部門", "Missing classes"),
    ("rotation_years_in_unit", "現所属の年数", "Years in unit"),
    ("no_staff", "該当する職員はいません。", "No staff found."),
    ("import_title", "計画ファイルの登録", "Import a plan file"),
    (
        "import_help",
        "計画ファイル（TOML、書式は docs/plan-format.md）を検査し、登録します。内容が変わった計画は新しい版として登録され、旧版も残ります。",
        "Check and import a plan file (TOML, see docs/plan-format.md). A changed plan becomes a new version; older versions are kept.",
    ),
    (
        "import_failed",
        "計画ファイルに誤りがあります。何も登録されていません。",
        "The plan file has problems. Nothing was imported.",
    ),
    ("plan_file", "計画ファイル", "Plan file"),
    ("check_only", "検査のみ", "Check only"),
    ("import_plan", "登録する", "Import"),
    ("check_ok", "誤りはありません", "no problems"),
    ("choose_file", "ファイルを選択してください", "Choose a file"),
    ("import_created", "計画を登録しました", "Plan imported"),
    (
        "import_new_version",
        "計画の内容が変わったため、新しい版として登録しました",
        "The plan changed: stored as a new version",
    ),
    (
        "import_unchanged",
        "最新の版と同じ内容のため、登録しませんでした",
        "Identical to the latest version: nothing stored",
    ),
    ("versions_title", "計画の版", "Plan versions"),
    ("target_history", "目標値の変更", "Target revisions"),
    ("choose", "選択してください", "Choose"),
    ("required", "必須", "required"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = HashSet::new();
        for (k, ja, en) in MESSAGES {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!ja.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let keys: HashSet<&str> = MESSAGES.iter().map(|(k, _, _)| *k).collect();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(
                    keys.contains(key),
                    "{}: unknown key {key:?}",
                    entry.path().display()
                );
            }
        }
    }
}
