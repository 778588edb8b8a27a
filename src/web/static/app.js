/* global document, setInterval, setTimeout, fetch, DOMParser, location*/
// Progressive enhancement only: every page works without this file.
// 1. Relative times ("3 minutes ago") stay current while the page is open.
// 2. The dashboard filter narrows the list as you type.
// 3. Live refresh: while something is open, the live region of the page is fetched again every
//    few seconds (a conditional GET: usually a 304) and replaced when it changed.
(function () {
  'use strict';
  var rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  var units = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  function relative(ms) {
    var seconds = Math.round((ms - Date.now()) / 1000);
    var abs = Math.abs(seconds);
    if (abs < 45) return 'just now';
    for (var i = 0; i < units.length; i++) {
      var unit = units[i][0],
        size = units[i][1];
      if (abs >= size * 0.95 || unit === 'minute')
        return rtf.format(Math.round(seconds / size), unit);
    }
    return '';
  }
  function refreshTimes() {
    var nodes = document.querySelectorAll('time[data-relative]');
    for (var i = 0; i < nodes.length; i++) {
      var t = Date.parse(nodes[i].getAttribute('datetime'));
      if (!isNaN(t)) nodes[i].textContent = relative(t);
    }
  }
  function wireFilter() {
    var input = document.querySelector('input[data-filter-target]');
    if (!input) return;
    var table = document.querySelector(input.getAttribute('data-filter-target'));
    if (!table) return;
    var rows = table.querySelectorAll('[data-filter-text]');
    input.addEventListener('input', function () {
      var needle = input.value.trim().toLowerCase();
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].getAttribute('data-filter-text') || '';
        rows[i].hidden = needle !== '' && text.indexOf(needle) === -1;
      }
    });
  }
  var OPEN_MS = 3000,
    QUIET_MS = 15000;
  function liveRefresh() {
    var region = document.getElementById('live');
    if (!region) return;
    var delay = region.getAttribute('data-live-refresh') === 'open' ? OPEN_MS : QUIET_MS;
    setTimeout(function () {
      fetch(location.href, { cache: 'no-cache', credentials: 'same-origin' })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (text) {
          if (text !== null) swapLive(region, text);
        })
        .catch(function () {})
        .then(liveRefresh);
    }, delay);
  }
  function swapLive(region, text) {
    var next = new DOMParser().parseFromString(text, 'text/html').getElementById('live');
    if (!next || next.innerHTML === region.innerHTML) return;
    var active = document.activeElement;
    if (active && region.contains(active) && active.id) return; // never yank a field being typed in
    region.innerHTML = next.innerHTML;
    region.setAttribute('data-live-refresh', next.getAttribute('data-live-refresh') || 'quiet');
    refreshTimes();
    wireFilter();
  }
  // The zone picker: IANA names to choose from, and the browser's own zone in one click.
  function wireZonePicker() {
    var list = document.getElementById('tz-names');
    var input = document.getElementById('tz-input');
    var button = document.querySelector('button[data-browser-zone]');
    if (!list || !input) return;
    var zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < zones.length; i++) {
      var option = document.createElement('option');
      option.value = zones[i];
      fragment.appendChild(option);
    }
    list.appendChild(fragment);
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (input.form) input.form.submit();
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    wireZonePicker();
    refreshTimes();
    setInterval(refreshTimes, 30000);
    wireFilter();
    liveRefresh();
  });
})();
