import './styles.css';
import { CovmapApp } from './app.js';

// Entry point: the HTML report embeds its data in <script type="application/json" id="covmap-data">
// (never executed, so the CSP does not need to allow it); `covmap view` without a report and the
// dev server start empty and take a report from the file picker or a drop.
const root = document.getElementById('app');
if (root) {
  const app = new CovmapApp(root);
  const data = document.getElementById('covmap-data');
  const text = data?.textContent?.trim();
  if (text) app.loadText(text, data!.dataset.origin || 'the embedded report');
}
