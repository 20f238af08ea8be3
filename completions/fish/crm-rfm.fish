# fish completion for crm-rfm(1), part of crm: recency, frequency, monetary: scores, codes and named segments
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

# RFM segment names from `crm-rfm --summary -H' (the map of the
# configuration), run with the --db and --config given on the line; else the
# built-in ones.
function __crm_rfm_segments
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
    set -l names (crm-rfm $args --summary -H </dev/null 2>/dev/null |
        string replace -r '\t.*' '')
    if not set -q names[1]
        set names champions loyal promising needs-attention at-risk hibernating lost
    end
    printf '%s\n' $names
end

complete -c crm-rfm -f
complete -c crm-rfm -l db -r -F -d 'Database file'
complete -c crm-rfm -l config -r -F -d 'Configuration file'
complete -c crm-rfm -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-rfm -l progress -d 'Force progress on standard error'
complete -c crm-rfm -s h -l help -d 'Print usage and exit'
complete -c crm-rfm -l version -d 'Print version and exit'
complete -c crm-rfm -s H -l no-header -d 'Omit the header line'
complete -c crm-rfm -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-rfm -l as-of -x -d 'Score as of a date (YYYY-MM-DD)'
complete -c crm-rfm -l from -x -d 'First day of the window (YYYY-MM-DD)'
complete -c crm-rfm -l period -x -a 'day week month quarter year all' -d 'Score over the period containing --as-of'
complete -c crm-rfm -l segment -x -a '(__crm_rfm_segments)' -d 'Only the customers of a segment'
complete -c crm-rfm -l summary -d 'One row per segment'
complete -c crm-rfm -a - -d 'Read customer ids from standard input'
