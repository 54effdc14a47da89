// What the signed-in user may do on the operations pages, decided on the server from the session
// (the procedures check again): viewers read, operators sync and edit schedules, admins manage endpoints.
export interface Can {
  operate: boolean;
  admin: boolean;
}
