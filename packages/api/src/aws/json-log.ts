/**
 * A structured JSON log line in Powertools Logger's shape (`level`, `message`, `timestamp`, `service`, then the
 * entry's own keys), one line per entry on stdout — CloudWatch Logs and the embedded runtime read the same.
 */
export function createJsonLog(
  service = process.env.POWERTOOLS_SERVICE_NAME ?? 'civicgrid-api',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): (entry: Record<string, unknown>) => void {
  const xray = () => process.env._X_AMZN_TRACE_ID;
  return (entry) => {
    const { level = 'INFO', message = '', ...rest } = entry;
    write(
      JSON.stringify({
        level,
        message,
        timestamp: new Date().toISOString(),
        service,
        xray_trace_id: xray(),
        ...rest,
      }),
    );
  };
}
