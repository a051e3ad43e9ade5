import {
  AdminRemoveUserFromGroupCommand,
  type AdminRemoveUserFromGroupCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminRemoveUserFromGroup = (input: AdminRemoveUserFromGroupCommandInput) =>
  cognito().send(new AdminRemoveUserFromGroupCommand(input));
