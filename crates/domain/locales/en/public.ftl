### English: the public page.

nav_public = Public page
public_title = Progress of the plans (public)
public_help = The fiscal years the city has published.
public_none = Nothing has been published yet.

# Refusals and errors of requests.

public_nothing_published = nothing of plan "{ $code }" is published
public_no_year = no fiscal year { $year }
