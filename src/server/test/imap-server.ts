/**
 * A real IMAP server for tests: Debian's Dovecot (`dovecot-imapd`) on a loopback port, with one user and its maildir
 * in a temporary folder, started and stopped by the test. Null when Dovecot is not installed (CI installs it; a test
 * that needs it fails there instead of skipping).
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

export interface ImapServer {
  port: number;
  user: string;
  password: string;
  /** `imap://user:password@127.0.0.1:port/<folder>`: what RAPPORT_IMAP_URL would be. */
  url(folder?: string): string;
  /** A client signed in as the mailbox's user (to append mail as it would arrive, and to read flags). */
  client(): Promise<ImapFlow>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export async function startImapServer(): Promise<ImapServer | null> {
  if (!existsSync(DOVECOT)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'rapport-imap-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'support@help.example';
  const password = 'imap-test-password';
  // As root Dovecot drops to its own users: the mail belongs to `dovecot`. Otherwise everything runs as the caller.
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  const mailDir = join(dir, 'mail');
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'state'));
  mkdirSync(mailDir);
  if (root) {
    const { uid, gid } = idsOf('dovecot');
    chownSync(mailDir, uid, gid);
  }
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:${mailDir}/%u
default_internal_user = ${root ? 'dovecot' : me}
default_login_user = ${root ? 'dovenull' : me}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${root ? 'dovecot' : me} gid=${root ? 'dovecot' : me} home=${mailDir}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const client = async () => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await c.connect();
    return c;
  };
  // Ready once a client can sign in (Dovecot starts in well under a second).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Dovecot exited during start-up (see ${dir}/dovecot.log)`);
    try {
      await (await client()).logout();
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`Dovecot did not answer on port ${port}: ${e instanceof Error ? e.message : e}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    user,
    password,
    url: (folder = 'INBOX') =>
      `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(folder)}`,
    client,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The uid and gid of a system user, from /etc/passwd. */
function idsOf(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
