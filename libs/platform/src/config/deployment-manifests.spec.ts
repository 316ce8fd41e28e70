import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { configVariableNames, loadConfig } from './app-config';

/**
 * docker-compose.yml and the k8s manifests describe the same topology as `npm run cluster:up`.
 * This keeps them in step with the code: every app that has an entry point is deployed, every
 * variable they set is one the config reads, and the environment each app gets passes loadConfig.
 */
const ROOT = path.resolve(__dirname, '../../../..');
const APPS = readdirSync(path.join(ROOT, 'apps'))
  .filter((a) => existsSync(path.join(ROOT, 'apps', a, 'src/main.ts')))
  .filter((a) => a !== 'all-in-one' && a !== 'web')
  .sort();
const KNOWN = new Set(configVariableNames());
const ENGINES = ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL', 'ELASTICSEARCH_URL'];

type Env = Record<string, string>;
/** `${NAME:-default}` as compose resolves it with NAME unset; `${NAME:?error}` (required) as set by the operator to a random secret. */
const OPERATOR_SECRET = 'a'.repeat(44);
const interpolate = (env: Env): Env =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1').replace(/\$\{\w+:\?[^}]*\}/g, OPERATOR_SECRET)]));

describe('deploy/docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: unknown; command?: string[]; environment?: Env; ports?: string[]; healthcheck?: { test: string[] } }>;
  };
  // The apps are the services built from this repository (x-app); the engines run images of their own.
  const apps = Object.entries(compose.services).filter(([, s]) => s.build);

  it('runs every app, with two gateways on 3101 and 3102', () => {
    expect([...new Set(apps.map(([, s]) => s.command![0]))].sort()).toEqual(APPS);
    const gateways = apps.filter(([, s]) => s.command![0] === 'gateway');
    expect(gateways.flatMap(([, s]) => s.ports ?? []).sort()).toEqual(['3101:3000', '3102:3000']);
  });

  it.each(apps.map(([name]) => name))('%s: only known variables, a valid config, and a readiness healthcheck', (name) => {
    const service = compose.services[name];
    const env = interpolate(service.environment ?? {});
    expect(Object.keys(env).filter((k) => !KNOWN.has(k))).toEqual([]);
    for (const engine of ENGINES) expect(env[engine]).toBeTruthy();
    expect(() => loadConfig(env)).not.toThrow();
    if (service.command![0] === 'gateway') expect(loadConfig(env).services.commandUrl).toBe('http://command:3000');
    expect(service.healthcheck?.test.join(' ')).toContain('/health/ready');
  });

  it('scans every upload with the clamd of a service of its own, which the media app waits for', () => {
    const media = loadConfig(interpolate(compose.services.media.environment!)).media;
    expect(media.scanClamd).toEqual({ host: 'clamav', port: 3310 });
    expect(compose.services.clamav.healthcheck?.test).toEqual(['CMD', 'clamdcheck.sh']);
    expect((compose.services.media as { depends_on?: Record<string, unknown> }).depends_on).toHaveProperty('clamav', { condition: 'service_healthy' });
  });
});

describe('k8s manifests', () => {
  type Doc = { kind: string; metadata: { name: string }; data?: Env; stringData?: Env; spec: Record<string, any> };
  // An app's manifest is k8s/<app>.yaml, or k8s/<app>/<app>.yaml when an overlay builds on it (the gateway's canary).
  const manifestOf = (app: string) => [`${app}.yaml`, `${app}/${app}.yaml`].find((f) => existsSync(path.join(ROOT, 'k8s', f)));
  const files = readdirSync(path.join(ROOT, 'k8s'))
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .concat(APPS.map(manifestOf).filter((f): f is string => f?.includes('/') ?? false));
  const docs: Doc[] = files.flatMap((f) => parseAllDocuments(readFileSync(path.join(ROOT, 'k8s', f), 'utf8')).map((d) => d.toJS() as Doc));
  const of = (kind: string) => docs.filter((d) => d.kind === kind);
  const configMap = of('ConfigMap').find((d) => d.metadata.name === 'chat-config')!;
  const secret = of('Secret').find((d) => d.metadata.name === 'chat-secrets')!;

  it('has a Deployment and a Service per app, all listed in the kustomization', () => {
    expect(of('Deployment').map((d) => d.metadata.name).sort()).toEqual(APPS);
    expect(of('Service').map((d) => d.metadata.name).sort()).toEqual(APPS);
    const kustomization = parse(readFileSync(path.join(ROOT, 'k8s/kustomization.yaml'), 'utf8')) as { resources: string[] };
    for (const app of APPS) expect(kustomization.resources).toContain(manifestOf(app)!.replace(`/${app}.yaml`, ''));
  });

  it('scales the gateway with an HPA and keeps the gateway available through disruptions', () => {
    const hpa = of('HorizontalPodAutoscaler').find((d) => d.spec.scaleTargetRef.name === 'gateway');
    expect(hpa?.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = of('PodDisruptionBudget').find((d) => d.spec.selector.matchLabels['app.kubernetes.io/name'] === 'gateway');
    expect(pdb?.spec.minAvailable).toBeGreaterThanOrEqual(1);
  });

  /** The containers running this repository's image (a pod may hold an engine's beside them, as the media pod's clamd). */
  const appContainers = (pod: { containers: any[] }): any[] => pod.containers.filter((c: any) => String(c.image).startsWith('chat-platform:'));

  it('sets only variables the config reads', () => {
    const names = [...Object.keys(configMap.data!), ...Object.keys(secret.stringData!), ...of('Deployment').flatMap((d) => appContainers(d.spec.template.spec).flatMap((c: any) => (c.env ?? []).map((e: any) => e.name)))];
    expect(names.filter((n) => !KNOWN.has(n))).toEqual([]);
  });

  it('scans every media upload with the clamd in its pod', () => {
    const pod = of('Deployment').find((d) => d.metadata.name === 'media')!.spec.template.spec;
    const [media] = appContainers(pod);
    const env = Object.fromEntries(media.env.map((e: any) => [e.name, e.value ?? 'from-the-pod']));
    expect(loadConfig({ ...configMap.data, ...secret.stringData, ...env }).media.scanClamd).toEqual({ host: '127.0.0.1', port: 3310 });
    const clamd = pod.containers.find((c: any) => c.name === 'clamav');
    expect(clamd.ports).toEqual([{ name: 'clamd', containerPort: 3310 }]);
  });

  it.each(APPS)('%s: runs its app with probes on the health endpoints and a valid config', (app) => {
    const deployment = of('Deployment').find((d) => d.metadata.name === app)!;
    const [container] = deployment.spec.template.spec.containers;
    expect(container.args).toEqual([app]);
    expect(container.envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name).sort()).toEqual(['chat-config', 'chat-secrets']);
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    const port = container.ports.find((p: any) => p.name === container.readinessProbe.httpGet.port).containerPort;
    const own: Env = Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? 'from-the-pod']));
    const env = { ...configMap.data, ...secret.stringData, ...own };
    expect(Number(env.PORT)).toBe(port);
    expect(() => loadConfig(env)).not.toThrow();
    // Longer than the app's own drain, so Kubernetes never kills a pod that is still draining.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(loadConfig(env).shutdownGraceMs);
    // The Service routes to this Deployment's pods (and, for the gateway, to a canary's too: see below).
    const service = of('Service').find((d) => d.metadata.name === app)!;
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
  });

  it('serves the public over TLS through an Ingress to the gateway, which trusts the controller’s X-Forwarded-For', () => {
    const [ingress] = of('Ingress');
    expect(ingress).toBeDefined();
    const kustomization = parse(readFileSync(path.join(ROOT, 'k8s/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources).toContain('ingress.yaml');
    const service = of('Service').find((d) => d.metadata.name === 'gateway')!;
    const backends = ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => p.backend.service));
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      expect(backend.name).toBe('gateway');
      expect(service.spec.ports.map((p: any) => p.name)).toContain(backend.port.name);
    }
    // Every host it answers is covered by a tls entry with a certificate Secret.
    const tlsHosts = ingress.spec.tls.flatMap((t: any) => (expect(t.secretName).toBeTruthy(), t.hosts));
    for (const rule of ingress.spec.rules) expect(tlsHosts).toContain(rule.host);
    const gateway = of('Deployment').find((d) => d.metadata.name === 'gateway')!;
    const env = Object.fromEntries(gateway.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(loadConfig({ ...configMap.data, ...secret.stringData, ...env }).http.trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
  });

  it('builds a gateway canary that the Service reaches and the stable Deployment does not select', () => {
    const canary = parse(readFileSync(path.join(ROOT, 'k8s/canary/kustomization.yaml'), 'utf8')) as {
      resources: string[];
      labels: { pairs: Env; includeSelectors: boolean; includeTemplates: boolean }[];
      replicas: { name: string; count: number }[];
      patches: { patch: string }[];
    };
    expect(canary.resources).toEqual(['../gateway']);
    const [{ pairs, includeSelectors, includeTemplates }] = canary.labels;
    expect({ includeSelectors, includeTemplates }).toEqual({ includeSelectors: true, includeTemplates: true });
    const stable = of('Deployment').find((d) => d.metadata.name === 'gateway')!;
    const service = of('Service').find((d) => d.metadata.name === 'gateway')!;
    // Its pods keep every label the Service selects, and differ from the stable selector in one at least.
    const canaryPods = { ...stable.spec.template.metadata.labels, ...pairs };
    expect(canaryPods).toMatchObject(service.spec.selector);
    expect(Object.entries(stable.spec.selector.matchLabels).some(([k, v]) => canaryPods[k] !== v)).toBe(true);
    expect(pairs['app.kubernetes.io/track']).toBe('canary');
    expect(canary.replicas).toEqual([{ name: 'gateway', count: 1 }]);
    // The Service, the disruption budget and the autoscaler stay the stable release's.
    const deleted = canary.patches.map(({ patch }) => parse(patch) as { $patch: string; kind: string; metadata: { name: string } });
    expect(deleted.map((d) => [d.$patch, d.kind, d.metadata.name]).sort()).toEqual([
      ['delete', 'HorizontalPodAutoscaler', 'gateway'],
      ['delete', 'PodDisruptionBudget', 'gateway'],
      ['delete', 'Service', 'gateway'],
    ]);
  });
});
