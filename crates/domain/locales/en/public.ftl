### English: the public page.

nav_public = Public page
public_title = Progress of the plans (public)
public_help = The fiscal years the city has published.
public_none = Nothing has been published yet.

# Refusals and errors of requests.

public_nothing_published = nothing of plan "{ $code }" is published
public_no_year = no fiscal year { $year }
public_publish_unlocked = { $year } is not locked yet: lock it under "Year locks and publication" on the progress table, then publish it
publish_preview_title = Check before publishing
publish_needs_lock = This year is not locked yet. Lock it, then publish it.
publish_check = Before you publish
publish_all_reported = Every item has been reported.
publish_unreported_help = citizens will see these as "Not reported".
publish_confirm = Publish this
publish_preview_table = What citizens will see (no author, no revision)
published_now = { $year } is now published.
publish_after_lock = Lock the year to publish it
public_items = Progress of each item
