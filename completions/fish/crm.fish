# fish completion for crm(1), part of crm: run crm-CMD ARGS...
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

# Complete `crm CMD ARGS...' as `crm-CMD ARGS...'.
function __crm_complete_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    while set -q tokens[1]; and string match -q -- '-*' $tokens[1]
        set -e tokens[1]
    end
    set -q tokens[1]; or return
    set tokens[1] crm-$tokens[1]
    complete -C (string join -- ' ' (string escape -- $tokens) (commandline -ct))
end

complete -c crm -f
complete -c crm -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c crm -n __fish_use_subcommand -l version -d 'Print version and exit'

# Commands run as `crm CMD'.  Later issues extend this list.
complete -c crm -n __fish_use_subcommand -a init -d 'Create or upgrade the database'
complete -c crm -n __fish_use_subcommand -a add -d 'Register customers'
complete -c crm -n __fish_use_subcommand -a edit -d "Change customers' fields"
complete -c crm -n __fish_use_subcommand -a ls -d 'List customers'
complete -c crm -n __fish_use_subcommand -a show -d "Show a customer's profile"
complete -c crm -n __fish_use_subcommand -a categorize -d 'Move customers between categories; manage categories'
complete -c crm -n __fish_use_subcommand -a backup -d 'Copy the live database safely'
complete -c crm -n __fish_use_subcommand -a sale -d 'Record purchases and returns'
complete -c crm -n __fish_use_subcommand -a value -d 'Customer value over periods, and by category, source or reason'
complete -c crm -n __fish_use_subcommand -a top -d 'The top customers by value'
complete -c crm -n __fish_use_subcommand -a bonus -d 'Loyalty card: bonus rate, balance, redemptions'
complete -c crm -n __fish_use_subcommand -a thank -d 'Log how customers were thanked'
complete -c crm -n __fish_use_subcommand -a note -d 'Log complaints, praise, surveys and calls; follow up complaints'
complete -c crm -n __fish_use_subcommand -a lost -d 'Record why customers left, win them back, count what was lost'
complete -c crm -n __fish_use_subcommand -a referrals -d 'Who brought whom, what they brought, and whom to thank'
complete -c crm -n __fish_use_subcommand -a lapsed -d 'Customers not seen for a while'
complete -c crm -n __fish_use_subcommand -a habits -d 'When and what customers buy'
complete -c crm -n __fish_use_subcommand -a rfm -d 'Recency, frequency, monetary: scores and named segments'
complete -c crm -n __fish_use_subcommand -a report -d 'The nightly report'

complete -c crm -n 'not __fish_use_subcommand' -a '(__crm_complete_command)'
