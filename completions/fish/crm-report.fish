# fish completion for crm-report(1), part of crm: the nightly report
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-report -f
complete -c crm-report -l db -r -F -d 'Database file'
complete -c crm-report -l config -r -F -d 'Configuration file'
complete -c crm-report -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-report -l progress -d 'Force progress on standard error'
complete -c crm-report -s h -l help -d 'Print usage and exit'
complete -c crm-report -l version -d 'Print version and exit'
complete -c crm-report -l html -r -F -d 'Write the report as an HTML page to a file'
complete -c crm-report -l as-of -x -d 'Report as of a date (YYYY-MM-DD)'
complete -c crm-report -l since -x -d 'Count as new what came after a date (YYYY-MM-DD)'
complete -c crm-report -l sections -x -a '(__fish_append , sales customers categories top lapsed lost referrals complaints bonus segments staff)' -d 'Sections to print, in order'
complete -c crm-report -l format -x -a 'text json' -d 'Output format'
