# fish completion for crm-ls(1), part of crm: list customers
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

# Category names (with descriptions) from `crm-categorize --list -H', run
# with the --db and --config given on the line; errors give no names.
function __crm_categories
    set -l args
    set -l tokens (commandline -opc)
    set -l n (count $tokens)
    for i in (seq 2 $n)
        switch $tokens[$i]
            case --db --config
                if test $i -lt $n
                    set -a args $tokens[$i] (string replace -r '^~/' "$HOME/" -- $tokens[(math $i + 1)])
                end
            case '--db=*' '--config=*'
                set -a args (string replace -r '=~/' "=$HOME/" -- $tokens[$i])
        end
    end
    crm-categorize $args --list -H </dev/null 2>/dev/null |
        string replace -r '^([^\t]*)(?:\t([^\t]*).*)?$' '$1\t$2'
end

complete -c crm-ls -f
complete -c crm-ls -l db -r -F -d 'Database file'
complete -c crm-ls -l config -r -F -d 'Configuration file'
complete -c crm-ls -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-ls -l progress -d 'Force progress on standard error'
complete -c crm-ls -s h -l help -d 'Print usage and exit'
complete -c crm-ls -l version -d 'Print version and exit'
complete -c crm-ls -s H -l no-header -d 'Omit the header line'
complete -c crm-ls -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-ls -l as-of -x -d 'List as of a date (YYYY-MM-DD)'
complete -c crm-ls -l category -x -a '(__crm_categories)' -d 'Only customers in a category'
complete -c crm-ls -l source -x -d 'Only customers from a source'
complete -c crm-ls -l reason -x -d 'Only customers who chose us for a reason'
complete -c crm-ls -l status -x -a 'active lost' -d 'Only active or lost customers'
complete -c crm-ls -l name -x -d 'Only names matching a glob pattern'
complete -c crm-ls -l created-from -x -d 'Only customers created on or after a date'
complete -c crm-ls -l created-to -x -d 'Only customers created on or before a date'
complete -c crm-ls -l referred-by -x -d 'Only customers referred by a customer'
complete -c crm-ls -l columns -x -a '(__fish_append , id name email phone card category source reason referred_by status created note)' -d 'Columns to print'
complete -c crm-ls -a - -d 'Read customer ids from standard input'
