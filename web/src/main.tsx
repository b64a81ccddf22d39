import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/explorer.css';
import './styles/explorer-tools.css';
import './styles/pages.css';
import './styles/live.css';
import './styles/errors.css';
import './styles/performance.css';
import './styles/alerts.css';
import './styles/insights.css';
import './styles/mobile.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
