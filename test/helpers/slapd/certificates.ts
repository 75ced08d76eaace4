/**
 * Test PKI for the throwaway slapd: a CA, a server certificate for
 * 127.0.0.1/localhost signed by it, and an unrelated CA that must NOT verify
 * the server (for "wrong CA" tests). EC keys keep generation fast (~50 ms).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the generated PEM files. */
export interface TestCertificates {
  caFile: string;
  otherCaFile: string;
  certFile: string;
  keyFile: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

async function selfSignedCa(dir: string, name: string, subject: string): Promise<{ key: string; cert: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  await openssl(
    [
      'req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { key, cert };
}

/** Generates the CA, the server certificate and a second, unrelated CA in `dir`. */
export async function generateTestCertificates(dir: string): Promise<TestCertificates> {
  const [ca, other] = await Promise.all([
    selfSignedCa(dir, 'ca', '/O=Warble Test/CN=Warble Test CA'),
    selfSignedCa(dir, 'other-ca', '/O=Somebody Else/CN=Unrelated CA'),
  ]);
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  await writeFile(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl(
    ['req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyFile, '-out', csr, '-subj', '/O=Warble Test/CN=localhost'],
    dir,
  );
  await openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial',
      '-out', certFile, '-days', '2', '-extfile', ext],
    dir,
  );
  return { caFile: ca.cert, otherCaFile: other.cert, certFile, keyFile };
}
