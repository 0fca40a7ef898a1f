#!/usr/bin/env bash
# Benchmarks clean builds of generated sites (examples/gen_corpus.rs) with besok and, when
# `hugo` is on the PATH, the same posts as a minimal Hugo site, side by side in one run.
#
#   scripts/bench.sh                  # 1,000, 10,000 and 20,000 posts, median of 5 runs each
#   RUNS=3 SIZES="10000" scripts/bench.sh
#   BENCH_DIR=/some/disk scripts/bench.sh
#
# Sites and outputs go to BENCH_DIR (default: /dev/shm/besok-bench, a RAM disk, when it
# exists), so the figures measure the generators rather than a shared virtual disk; on this
# machine's disk writing 15,000 small files takes longer than either tool needs to render them.
# Peak memory is the maximum resident set size reported by /usr/bin/time -v.
# When examples/serve_latency.rs exists, its one-post edit latency in `besok serve` is
# measured on the 10,000-post site (or the largest one built) as well.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000 20000"}
SEED=${SEED:-1}
if [ -z "${BENCH_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_DIR=/dev/shm/besok-bench; else BENCH_DIR=${TMPDIR:-/tmp}/besok-bench; fi
fi

if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time is missing (Debian/Ubuntu: apt-get install time)" >&2
    exit 2
fi
HUGO=$(command -v hugo || true)

echo "== building besok and the corpus generator (release)"
cargo build --release --quiet --bin besok --example gen_corpus
BESOK=$PWD/target/release/besok
GEN=$PWD/target/release/examples/gen_corpus
mkdir -p "$BENCH_DIR"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), bench dir $BENCH_DIR"
if [ -n "$HUGO" ]; then HUGO_VERSION=$("$HUGO" version | cut -d' ' -f2); else HUGO_VERSION="not on PATH (no comparison)"; fi
echo "== $("$BESOK" --version), hugo: $HUGO_VERSION"

# Writes a minimal Hugo site around the generated posts: post pages, a paginated home page,
# tag and municipality term pages (tags paginated like besok's, a municipality's visits on one page).
make_hugo_site() {
    local corpus=$1 site=$2
    rm -rf "$site"
    mkdir -p "$site/layouts/_default" "$site/content"
    cp -r "$corpus/content/posts" "$site/content/posts"
    cat > "$site/config.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "sv"
defaultContentLanguage = "sv"
title = "Kommunbesök"
paginate = 10
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
tag = "tags"
municipality = "municipality"
TOML
    cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
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
    cat > "$site/layouts/_default/summary.html" <<'HTML'
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time>{{ .Date.Format "2 January 2006" }}</time>{{ range .GetTerms "municipality" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Summary }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
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

# Runs a clean build RUNS times (output removed before each, outside the timing);
# prints "median_seconds median_peak_mib pages".
bench() {
    local out=$1
    shift
    local times=() peaks=()
    for _ in $(seq "$RUNS"); do
        rm -rf "$out"
        read -r secs kib < <(measure "$@")
        times+=("$secs")
        peaks+=("$kib")
    done
    local t p pages
    t=$(printf '%s\n' "${times[@]}" | median)
    p=$(printf '%s\n' "${peaks[@]}" | median | awk '{ printf "%.0f", $1 / 1024 }')
    pages=$(find "$out" -name '*.html' | wc -l)
    echo "$t $p $pages"
    echo "   runs: ${times[*]} s" >&2
}

declare -A RESULT
for n in $SIZES; do
    corpus=$BENCH_DIR/besok-$n
    echo "== $n posts: generating (seed $SEED)"
    "$GEN" --posts "$n" --out "$corpus" --seed "$SEED" > /dev/null
    echo "-- besok build, $RUNS clean runs"
    RESULT[besok-$n]=$(bench "$BENCH_DIR/out-besok-$n" "$BESOK" build --root "$corpus" --output-dir "$BENCH_DIR/out-besok-$n" --force)
    if [ -n "$HUGO" ]; then
        make_hugo_site "$corpus" "$BENCH_DIR/hugo-$n"
        echo "-- hugo, $RUNS clean runs"
        RESULT[hugo-$n]=$(bench "$BENCH_DIR/out-hugo-$n" "$HUGO" --quiet -s "$BENCH_DIR/hugo-$n" -d "$BENCH_DIR/out-hugo-$n")
    fi
done

echo
echo "== results (median of $RUNS clean builds; peak RSS from /usr/bin/time -v)"
printf '%8s | %9s %9s %10s %7s | %9s %9s %7s | %14s %12s\n' posts "besok s" "peak MiB" "MiB/1000" pages "hugo s" "peak MiB" pages "hugo/besok t" "hugo/besok m"
for n in $SIZES; do
    read -r bt bm bp <<< "${RESULT[besok-$n]}"
    per=$(awk -v m="$bm" -v n="$n" 'BEGIN { printf "%.1f", m / n * 1000 }')
    if [ -n "${RESULT[hugo-$n]:-}" ]; then
        read -r ht hm hp <<< "${RESULT[hugo-$n]}"
        rt=$(awk -v a="$ht" -v b="$bt" 'BEGIN { printf "%.2fx", a / b }')
        rm_=$(awk -v a="$hm" -v b="$bm" 'BEGIN { printf "%.2fx", a / b }')
    else
        ht=- hm=- hp=- rt=- rm_=-
    fi
    printf '%8s | %9s %9s %10s %7s | %9s %9s %7s | %14s %12s\n' "$n" "$bt" "$bm" "$per" "$bp" "$ht" "$hm" "$hp" "$rt" "$rm_"
done
set -- $SIZES
if [ "$#" -ge 2 ]; then
    for n in $SIZES; do
        if [ "$n" = 10000 ] && [ -n "${RESULT[besok-20000]:-}" ]; then
            read -r t10 _ <<< "${RESULT[besok-10000]}"
            read -r t20 _ <<< "${RESULT[besok-20000]}"
            echo "scaling: 20,000 posts take $(awk -v a="$t20" -v b="$t10" 'BEGIN { printf "%.2f", a / b }')x the time of 10,000"
        fi
    done
fi

largest=$(printf '%s\n' $SIZES | sort -n | tail -1)
probe=$largest
case " $SIZES " in *" 10000 "*) probe=10000 ;; esac
echo
echo "== besok build --timings, $probe posts (one more clean run)"
rm -rf "$BENCH_DIR/out-besok-$probe"
"$BESOK" build --root "$BENCH_DIR/besok-$probe" --output-dir "$BENCH_DIR/out-besok-$probe" --force --timings 2>/dev/null

echo
if [ -f examples/serve_latency.rs ]; then
    echo "== besok serve: one-post edit latency, $probe posts"
    cargo build --release --quiet --example serve_latency
    target/release/examples/serve_latency --site "$BENCH_DIR/besok-$probe"
else
    echo "== besok serve edit latency: not measured (examples/serve_latency.rs is not in this tree)"
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
