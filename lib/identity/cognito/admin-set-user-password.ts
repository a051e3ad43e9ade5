import {
  AdminSetUserPasswordCommand,
  type AdminSetUserPasswordCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminSetUserPassword = (input: AdminSetUserPasswordCommandInput) =>
  cognito().send(new AdminSetUserPasswordCommand(input));
