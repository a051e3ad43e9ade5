import type { CloudFormationCustomResourceEvent } from "aws-lambda";

/** A custom resource's attributes (`Fn::GetAtt`), each a string. */
export type ResourceAttributes = Record<string, string>;

/**
 * Answers CloudFormation for a Lambda-backed custom resource: the outcome goes, as JSON, to the pre-signed
 * URL the event names (a PUT with an empty content type, which the signature expects). CloudFormation waits
 * for it, so a failure to send is thrown: the function's error shows in its log and the deploy times out.
 */
export async function answerCloudFormation(
  event: CloudFormationCustomResourceEvent,
  physicalResourceId: string,
  attributes: ResourceAttributes,
): Promise<void> {
  const body = JSON.stringify({
    Status: "SUCCESS",
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: attributes,
  });
  const response = await fetch(event.ResponseURL, { method: "PUT", headers: { "content-type": "" }, body });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
}
