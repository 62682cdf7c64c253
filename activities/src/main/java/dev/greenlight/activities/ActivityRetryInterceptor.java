package dev.greenlight.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * Counts every retried activity attempt ({@code greenlight_activity_retries{activity}}) before the
 * activity runs, so that no activity has to remember to. Register it on the worker factory ({@code
 * WorkerFactoryOptions.setWorkerInterceptors}).
 */
public final class ActivityRetryInterceptor extends WorkerInterceptorBase {

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityMetrics.countRetry(context);
        return super.execute(input);
      }
    };
  }
}
