// Applies the saved theme before first paint (a file, not inline, so a strict CSP can allow it).
try {
  var saved = localStorage.getItem('devsmith.theme');
  if (saved === 'dark' || saved === 'light') document.documentElement.dataset.theme = saved;
} catch (e) {}
