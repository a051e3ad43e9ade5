import { CfnOutput, Stack } from "aws-cdk-lib";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import type { Settings } from "./settings";

/**
 * The SES identity the mailer sends from (a domain with Easy DKIM, or a single
 * address) and a configuration set, made the identity's default so every email
 * sent from it gets reputation metrics and the account suppression list
 * without the mailer naming it.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, settings: Settings) {
    super(scope, id);
    this.fromAddress = settings.fromAddress;

    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    this.identity = new EmailIdentity(this, "Identity", {
      identity: settings.domain ? Identity.domain(settings.domain) : Identity.email(settings.fromAddress),
      configurationSet: this.configurationSet,
    });

    if (settings.domain) {
      // No hosted-zone lookup (synth stays offline): publish these three CNAMEs in the domain's DNS.
      const records = [
        [this.identity.dkimDnsTokenName1, this.identity.dkimDnsTokenValue1],
        [this.identity.dkimDnsTokenName2, this.identity.dkimDnsTokenValue2],
        [this.identity.dkimDnsTokenName3, this.identity.dkimDnsTokenValue3],
      ] as const;
      records.forEach(([name, value], i) => {
        new CfnOutput(Stack.of(this), `DkimRecord${i + 1}`, {
          description: `DKIM CNAME ${i + 1} of 3 for ${settings.domain}`,
          value: `${name} CNAME ${value}`,
        });
      });
    }
  }

  /** ses:SendEmail / SendRawEmail on this identity and its configuration set only. */
  grantSend(grantee: IGrantable): void {
    const stack = Stack.of(this);
    const configurationSetArn = stack.formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.configurationSet.configurationSetName,
    });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
      }),
    );
  }
}
