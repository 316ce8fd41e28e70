import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Metrics } from '@chat/platform';

/** The drift job's verdict on the app's registry, for the ChatTenantCostDrift alert (deploy/monitoring/alerts.yml). */
@Injectable()
export class CostDriftMetrics {
  readonly driftingTenants: Gauge;

  constructor(metrics: Metrics) {
    this.driftingTenants = new Gauge({
      name: 'chat_tenant_cost_drift_tenants',
      help: 'Tenants whose cost on the last complete UTC day reached COST_DRIFT_RATIO times their trailing average (GET /v1/admin/cost-report lists them)',
      registers: [metrics.registry],
    });
  }
}
