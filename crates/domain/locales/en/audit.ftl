### English: the audit log.

nav_audit = Audit log
audit_help = Every change and every read of a personal record. Tampering is detected by the hash chain (jinzai audit verify).
audit_actor = Actor
audit_action = Action
audit_record_type = Record type
audit_record_key = Record
audit_detail = Detail
audit_at = When
date_from = From
date_to = To

# Refusals and errors of requests.

audit_bad_date = { $field }: "{ $text }" is not a date
