/** A Step Functions API error, answered in the AWS JSON 1.0 error shape (`__type` names it). */
export class LocalSfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
