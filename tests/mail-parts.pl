# mail-parts.pl MODE [ARG] FILE: a message of crm-report --mail taken apart,
# as a reader would (t6300-report-mail.sh).  header NAME: the value,
# unfolded, RFC 2047 words decoded; part N: part N (1, 2) decoded; type N:
# its Content-Type and encoding; parts: how many; longest: the longest line.
use strict;
use warnings;
use Encode qw(decode encode);
use MIME::QuotedPrint qw(decode_qp);
use MIME::Base64 qw(decode_base64);

my ($mode, $arg, $file) = @ARGV;
$file = $arg if @ARGV == 2;
open(my $fh, '<:raw', $file) or die "cannot open $file: $!\n";
my $msg = do { local $/; <$fh> };
binmode STDOUT;

sub headers {
	my ($text) = @_;
	my %h;
	$text =~ s/\n[ \t]+/ /g;
	for my $line (split /\n/, $text) {
		$line =~ /^([!-9;-~]+):[ \t]*(.*)$/ or die "bad header line '$line'\n";
		die "header $1 twice\n" if exists $h{lc $1};
		$h{lc $1} = $2;
	}
	return \%h;
}

if ($mode eq 'longest') {
	my $max = 0;
	for (split /\n/, $msg) { $max = length if length > $max }
	print "$max\n";
	exit 0;
}
my ($head, $body) = split /\n\n/, $msg, 2;
my $h = headers($head);
if ($mode eq 'header') {
	exit 1 unless exists $h->{lc $arg};
	print encode('UTF-8', decode('MIME-Header', $h->{lc $arg})), "\n";
	exit 0;
}
$h->{'content-type'} =~ m{^multipart/alternative;\s*boundary="([^"]+)"$}
	or die "not multipart/alternative: $h->{'content-type'}\n";
my $b = $1;
$body =~ s/\n--\Q$b\E--\n\z// or die "no closing boundary\n";
my (undef, @parts) = split /\n--\Q$b\E\n/, $body, -1;
if ($mode eq 'parts') {
	print scalar(@parts), "\n";
	exit 0;
}
my ($phead, $pbody) = split /\n\n/, $parts[$arg - 1], 2;
my $ph = headers($phead);
my $cte = $ph->{'content-transfer-encoding'};
if ($mode eq 'type') {
	print "$ph->{'content-type'} $cte\n";
	exit 0;
}
# a line break at the end of a quoted-printable body is the text's own
print $cte eq 'base64' ? decode_base64($pbody)
	: $cte eq 'quoted-printable' ? decode_qp($pbody)
	: die "unknown encoding $cte\n";
