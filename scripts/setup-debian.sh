#!/usr/bin/env bash
# Installs the Debian packages the service needs: Open JTalk (the default speech synthesiser)
# with its dictionary and a voice, espeak-ng with the MBROLA voices us2 and br1 (the offline voice
# of English, Chinese, Korean, Vietnamese and Portuguese; telephony/tts/voices.ts), IPA Gothic (the Japanese font embedded in printed lists) and
# poppler-utils (tests read the PDFs back), Debian's Chromium with a Japanese font (page tests) and
# HAProxy (the load balancer of bench:scale and the two-process test), postgresql-client (pg_dump /
# pg_restore of the backups), prometheus (its promtool checks deploy/prometheus/alerts.yml),
# buildah + mmdebstrap (scripts/image.sh builds the OCI image without a Docker engine), and espeak-ng
# with MBROLA voices (the offline voice of the line's other languages). The voices are in Debian's
# non-free component, so that component is enabled first. Safe to run again; does nothing when all is installed.
set -euo pipefail
need=(open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001 espeak-ng mbrola mbrola-us2 mbrola-br1 fonts-ipafont-gothic poppler-utils chromium fonts-noto-cjk haproxy postgresql-client prometheus buildah mmdebstrap)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q 'non-free' "$src"; then
  $sudo sed -i -E 's/^Components: main$/Components: main contrib non-free non-free-firmware/' "$src"
elif [ -f /etc/apt/sources.list ] && ! grep -q 'non-free' /etc/apt/sources.list; then
  $sudo sed -i -E 's/^(deb .* main)$/\1 contrib non-free non-free-firmware/' /etc/apt/sources.list
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
