// The desk's live notifications: the inbox's server-sent events counted on the navigation's
// badge, the latest said in a status line. Text only (textContent), never markup.
(() => {
  const badge = document.getElementById('live-count');
  const said = document.getElementById('live');
  if (!badge || !said || !window.EventSource) return;
  const words = {
    request: 'New request',
    acknowledged: 'Request acknowledged',
    answered: 'Answer received',
    refused: 'Request refused',
    closed: 'Request closed',
    reminder: 'Reminder: answer due',
    overdue: 'Request overdue',
    hit: 'Hit on your record',
    movement: 'Movement reported',
    release: 'Answer waiting for your release',
  };
  let count = 0;
  const show = (event) => {
    let n;
    try { n = JSON.parse(event.data); } catch (error) { return; }
    count += 1;
    badge.textContent = String(count);
    badge.hidden = false;
    const parts = [words[n.kind] || n.kind];
    if (n.request_id) parts.push('#' + n.request_id);
    if (n.by_agency) parts.push('by ' + n.by_agency);
    const link = document.createElement('a');
    link.href = n.request_id ? '/requests/' + n.request_id : '/notifications';
    link.textContent = parts.join(' ');
    said.replaceChildren(link);
    said.hidden = false;
  };
  const source = new EventSource('/notifications/live');
  for (const kind of Object.keys(words)) source.addEventListener(kind, show);
  source.onmessage = show;
  window.addEventListener('pagehide', () => source.close());
})();
