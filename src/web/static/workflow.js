/* global document, window */
// The inspection workflow's session timeout, as GOV.UK services warn of one
// (WCAG 2.2.1, timing adjustable). A session ends after a stretch without
// use (data-idle-seconds on the sign-out form). While someone types or
// clicks on a page, the page tells the server now and then, so writing a
// long section never ends the session. A page left alone warns a few
// minutes before the end, in a dialog that can keep the session going;
// left alone still, it signs out and the sign-in page says why.
// Progressive enhancement: without this file, the server still ends idle
// sessions and says so on the sign-in page.

const form = document.querySelector('form[data-module="app-session-timeout"]');
const idleSeconds = Number(form?.dataset.idleSeconds);

if (form && idleSeconds > 0) {
  const MINUTE = 60_000;
  // The server writes a session's last use at most once a minute, so it may be a minute older than the last request.
  const lifeMs = idleSeconds * 1000 - MINUTE;
  const warnMs = Math.min(3 * MINUTE, lifeMs / 2);
  const pingEveryMs = Math.min(5 * MINUTE, lifeMs / 3);
  let lastServerUse = Date.now();
  let activeSinceUse = false;
  let dialog = null;
  let ending = false;

  const signOut = () => {
    if (ending) return;
    ending = true;
    const ended = document.createElement('input');
    ended.type = 'hidden';
    ended.name = 'ended';
    ended.value = '1';
    form.append(ended);
    form.submit();
  };

  /** Tells the server the session is in use; false when it has already ended. */
  const keepAlive = async () => {
    try {
      const res = await fetch('/workflow/session', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (res.status === 401) return false;
      if (res.ok) {
        lastServerUse = Date.now();
        activeSinceUse = false;
      }
    } catch {
      // Offline for a moment: try again at the next check.
    }
    return true;
  };

  const closeDialog = () => {
    if (dialog?.open) dialog.close();
  };

  const stay = async () => {
    closeDialog();
    if (!(await keepAlive())) signOut();
  };

  const warn = () => {
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.className = 'app-timeout-dialog';
      dialog.setAttribute('aria-labelledby', 'app-timeout-title');
      dialog.setAttribute('aria-describedby', 'app-timeout-text');
      const minutes = Math.round(warnMs / MINUTE);
      dialog.innerHTML = `
        <h2 class="govuk-heading-m" id="app-timeout-title">You are about to be signed out</h2>
        <p class="govuk-body" id="app-timeout-text">For your security, you will be signed out in ${minutes} minute${minutes === 1 ? '' : 's'} if you do nothing. Anything you have typed but not saved will be lost.</p>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button" data-action="stay">Stay signed in</button>
          <button type="button" class="govuk-button govuk-button--secondary" data-action="sign-out">Sign out</button>
        </div>`;
      dialog.querySelector('[data-action="stay"]').addEventListener('click', stay);
      dialog.querySelector('[data-action="sign-out"]').addEventListener('click', signOut);
      // Escape closes the dialog: take that as "stay signed in".
      dialog.addEventListener('cancel', (event) => {
        event.preventDefault();
        void stay();
      });
      document.body.append(dialog);
    }
    if (!dialog.open) dialog.showModal();
  };

  for (const type of ['keydown', 'input', 'pointerdown']) {
    document.addEventListener(type, (event) => {
      if (dialog?.contains(event.target)) return;
      activeSinceUse = true;
    }, { capture: true, passive: true });
  }

  const check = async () => {
    if (ending) return;
    const now = Date.now();
    if (activeSinceUse && now - lastServerUse >= pingEveryMs && !dialog?.open) await keepAlive();
    const left = lastServerUse + lifeMs - Date.now();
    if (left <= 0) signOut();
    else if (left <= warnMs) warn();
  };
  window.setInterval(() => void check(), 15_000);
}
