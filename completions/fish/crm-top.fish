# fish completion for crm-top(1), part of crm: the top customers by value
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

complete -c crm-top -f
complete -c crm-top -l db -r -F -d 'Database file'
complete -c crm-top -l config -r -F -d 'Configuration file'
complete -c crm-top -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-top -l progress -d 'Force progress on standard error'
complete -c crm-top -s h -l help -d 'Print usage and exit'
complete -c crm-top -l version -d 'Print version and exit'
complete -c crm-top -s H -l no-header -d 'Omit the header line'
complete -c crm-top -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-top -l as-of -x -d 'Rank as of a date (YYYY-MM-DD)'
complete -c crm-top -l period -x -a 'day week month quarter year all' -d 'Rank over the period containing --as-of'
complete -c crm-top -l from -x -d 'First day of the window (YYYY-MM-DD)'
complete -c crm-top -l to -x -d 'Last day of the window (YYYY-MM-DD)'
complete -c crm-top -l percent -x -d 'Print the best P percent'
complete -c crm-top -l count -x -d 'Print the best N customers'
complete -c crm-top -l by -x -a 'net profit count' -d 'Measure to rank by'
complete -c crm-top -l category -x -a '(__crm_categories)' -d 'Rank only customers in a category'
complete -c crm-top -l summary -d 'Print one summary line'
complete -c crm-top -a - -d 'Read customer ids from standard input'
