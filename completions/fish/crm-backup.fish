# fish completion for crm-backup(1), part of crm: copy the live database safely
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-backup -l db -r -F -d 'Database file'
complete -c crm-backup -l config -r -F -d 'Configuration file'
complete -c crm-backup -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-backup -l progress -d 'Force progress on standard error'
complete -c crm-backup -s h -l help -d 'Print usage and exit'
complete -c crm-backup -l version -d 'Print version and exit'
complete -c crm-backup -l check -d 'Check the summaries against the purchases'
complete -c crm-backup -l to -x -d 'Copy into this empty PostgreSQL database'
complete -c crm-backup -F
