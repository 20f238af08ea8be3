# fish completion for crm-init(1), part of crm: create or upgrade the database
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-init -f
complete -c crm-init -l db -r -F -d 'Database file'
complete -c crm-init -l config -r -F -d 'Configuration file'
complete -c crm-init -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-init -l progress -d 'Force progress on standard error'
complete -c crm-init -s h -l help -d 'Print usage and exit'
complete -c crm-init -l version -d 'Print version and exit'
