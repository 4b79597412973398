/** Placeholder: replaced by the meeting workflow. */
export async function meetingWorkflow(): Promise<void> {}
